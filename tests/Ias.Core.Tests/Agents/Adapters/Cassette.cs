using System.Globalization;
using System.Runtime.CompilerServices;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>Reads a stream file from tests/…/Agents/Cassettes beside the sources, so the project file needs no copy rule.</summary>
public static class Cassette
{
    public static string[] Lines(string cli, string name) =>
        File.ReadAllLines(Path.Combine(Here(), "..", "Cassettes", cli, name));

    public static List<AgentEvent> Play(IStreamParser parser, string cli, string name) =>
        [.. Lines(cli, name).SelectMany(parser.Parse)];

    /// <summary>The exit code a recording kept beside its stream (NAME.exit); null when it kept none, or the CLI was killed.</summary>
    public static int? ExitCode(string cli, string name)
    {
        var path = Path.Combine(Here(), "..", "Cassettes", cli, name + ".exit");
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    /// <summary>The instant and time zone a recording's words were printed in (NAME.clock), or null for words that depend on neither.</summary>
    public static (DateTimeOffset Now, TimeZoneInfo Zone)? Clock(string cli, string name)
    {
        var path = Path.Combine(Here(), "..", "Cassettes", cli, name + ".clock");
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Trim().Split(' ', 2);
        return (DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), TimeZoneInfo.FindSystemTimeZoneById(parts[1]));
    }

    // The caller's path would name the caller's folder; this file's path names the cassettes' neighbour.
    private static string Here([CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;
}
