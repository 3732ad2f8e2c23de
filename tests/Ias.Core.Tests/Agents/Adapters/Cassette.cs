using System.Runtime.CompilerServices;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>Reads a stream file from tests/…/Agents/Cassettes beside the sources, so the project file needs no copy rule.</summary>
internal static class Cassette
{
    public static string[] Lines(string cli, string name, [CallerFilePath] string here = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(here)!, "..", "Cassettes", cli, name));

    public static List<AgentEvent> Play(IStreamParser parser, string cli, string name) =>
        [.. Lines(cli, name).SelectMany(parser.Parse)];
}
