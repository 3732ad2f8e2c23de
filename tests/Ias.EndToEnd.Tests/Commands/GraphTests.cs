using System.Runtime.CompilerServices;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

public sealed class GraphTests
{
    private const string GoldenFile = "graph.verified.mmd";

    [Fact]
    public async Task Ias_graph_prints_the_reviewed_mermaid_of_every_machine()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await IasProcess.RunAsync(dir.Path, "graph");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal(ReadGolden(GoldenFile).ReplaceLineEndings("\n"), stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Ias_graph_draws_the_return_from_rate_limited_to_each_phase_it_can_interrupt()
    {
        using var dir = new TempDir();

        var (code, stdout, _) = await IasProcess.RunAsync(dir.Path, "graph");
        var lines = stdout.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToArray();

        Assert.Equal(0, code);

        Assert.Contains("RateLimited --> Decision1 : HourBoundary [the interrupted phase is recorded]", lines);
        Assert.Contains("Decision1 --> Implement : HourBoundary [interrupted Implement]", lines);
        Assert.Contains("Decision1 --> Review : HourBoundary [interrupted Review]", lines);
        Assert.Contains("Decision1 --> Audit : HourBoundary [interrupted Audit]", lines);
    }

    [Fact]
    public void The_graph_titles_each_machine_and_shows_the_resume_guard()
    {
        var graph = GraphCommand.Mermaid();

        Assert.Equal(["run", "phase", "circuit breaker", "bug", "job", "plan"], graph.Split('\n').Where(l => l.StartsWith("title: ", StringComparison.Ordinal)).Select(l => l["title: ".Length..]));
        Assert.Contains("Halted --> Running : Resume [circuit breaker is not OPEN]", graph);
    }

    /// <summary>Reads a golden file that sits next to this source file, so no csproj copy rule is needed.</summary>
    private static string ReadGolden(string name, [CallerFilePath] string sourceFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(sourceFile)!, name);
        Assert.True(File.Exists(path), $"golden file {path} is missing; write `ias graph` to it and review it by eye");
        return File.ReadAllText(path);
    }
}
