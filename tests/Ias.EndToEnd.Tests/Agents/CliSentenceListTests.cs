using System.Diagnostics;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Agents;

/// <summary>
/// The failure sentences recorded in tests/Ias.Core.Tests/Agents/Cassettes/Sentences are the ones scripts/cli-sentences.mjs
/// finds in the installed CLIs at their pinned versions: a pin moved to a version with new or lost words fails here,
/// naming each sentence, until the lists are written again and the new words given their class.
/// </summary>
public sealed class CliSentenceListTests
{
    // Reading the two native binaries (about 700 MB) took 8 s on an idle machine; the limit leaves room for a busy one.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task The_recorded_sentences_are_the_ones_the_pinned_cli_holds(string cli)
    {
        var modules = Path.GetFullPath(Path.Combine(AgentClis.BinDir!, ".."));
        var script = Path.GetFullPath(Path.Combine(modules, "..", "..", "..", "scripts", "cli-sentences.mjs"));
        using var node = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { script, "--diff", "--node-modules", modules, cli },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);

        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"scripts/cli-sentences.mjs did not read the installed {cli} within {Limit.TotalMinutes:0} minutes");
        }

        var said = $"{await stdout}{await stderr}".Trim();
        Assert.True(node.ExitCode == 0, $"the installed {cli} does not hold the recorded sentences (exit {node.ExitCode}); "
            + $"run scripts/cli-sentences.mjs --write {cli} and give each sentence of class ? its class:\n{said}");
        Assert.EndsWith("as recorded", said, StringComparison.Ordinal);
    }
}
