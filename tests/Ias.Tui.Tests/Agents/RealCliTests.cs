using Ias.Core.Tests.Support;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Agents;

/// <summary>`ias run` with the real claude, codex and gemini CLIs, pointed at our fake model API (issue 3, tier 3).</summary>
public sealed class RealCliTests
{
    private const string Config = """
        run_mode:
          enabled: true
          defaults: { max_cycles: 3, timeout_hours: 1 }
        agents:
          default:
            agent: sim
            turn_timeout_minutes: 3
            idle_timeout_minutes: 1
        """;

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task A_sprint_runs_to_the_end_with_the_real_cli_editing_a_real_file(string cli)
    {
        using var repo = new TestRepo();
        using var home = new TempDir();
        await repo.SetConfigAsync(Config);
        await using var api = await FakeModelApi.StartAsync(FakeModelMode.Work, repo.File("greeting.txt"));

        var run = await repo.IasAsync(AgentClis.Environment(cli, home.Path, api), "run", "sprint-1", "--agent", cli, "--local");

        Assert.True(run.Code == 0, $"{run.Out}{run.Err}\nrequests:\n{api.Dump()}");
        Assert.Contains("JACKED_OUT", run.Out);

        // The CLI itself ran the tool call and sent its result back before the implementer's final message.
        var served = api.Served.ToArray();
        Assert.Contains(served, s => s.EndsWith(":WriteFile", StringComparison.Ordinal));
        Assert.Contains(served, s => s.EndsWith(":ImplementDone", StringComparison.Ordinal));
        Assert.Equal(2, served.Count(s => s.EndsWith(":Verdict", StringComparison.Ordinal)));
        Assert.Equal(FakeModelApi.WorkText + "\n", File.ReadAllText(repo.File("greeting.txt")));
        var log = await DemoTestsGit(repo, "log", "--name-only", "--format=%s");
        Assert.Contains("greeting.txt", log);
    }

    private static Task<string> DemoTestsGit(TestRepo repo, params string[] args) => Commands.DemoTests.Git(repo.Path, args);
}
