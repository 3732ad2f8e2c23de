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

    // The caller's path would name the caller's folder; this file's path names the cassettes' neighbour.
    private static string Here([CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;
}
