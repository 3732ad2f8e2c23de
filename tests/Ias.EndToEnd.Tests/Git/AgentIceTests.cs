using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>
/// ICE's shim and hook inside a real run: the implementer is a script that tries what an agent must not do, with the
/// environment the engine gives it. These runs are unsandboxed, so the shim and the hook are the layer that answers; in
/// the box every one of these writes fails on a read-only .git first (the attack table covers that).
/// </summary>
public sealed class AgentIceTests
{
    [Fact]
    public async Task An_agent_in_a_run_cannot_push_to_main_merge_delete_or_switch_branches_and_the_run_reports_each_refusal()
    {
        using var repo = new TestRepo();
        using var gh = new FakeGh();
        using var tools = new TempDir();
        var git = IceShim.FindReal("git", Environment.GetEnvironmentVariable("PATH")!, "/nonexistent")!;
        var outcomes = tools.Combine("outcomes");
        var claude = FakeClaude.Write(tools.Path, $$"""
            try() { if sh -c "$1" >/dev/null 2>&1; then echo "ALLOWED $1" >> '{{outcomes}}'; else echo "refused $1" >> '{{outcomes}}'; fi; }
            echo "early" > early.txt && git add early.txt && git commit -qm "agent's own commit"
            try "git push --force origin main"
            try "cd sim 2>/dev/null || mkdir -p sim && cd sim && git push origin HEAD:main"
            try "git checkout main"
            try "git merge feature/other"
            try "git branch -D feature/other"
            try "git push origin :feature/other"
            try "{{git}} push origin HEAD:refs/heads/main"
            try "gh pr merge 7"
            echo "cycle $IAS_CYCLE" > "agent-$IAS_CYCLE.txt"
            session
            finish
            """);
        await repo.SetConfigAsync(FakeClaude.Config(claude));
        await Shell.GitAsync(repo.Path, "branch", "feature/other");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        await Shell.GitAsync(repo.Path, "push", "-q", "origin", "feature/other");
        var before = await origin.RefsAsync();
        var scenario = await Scenario.WriteAsync(repo, """{"review_findings_cycles": []}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "sprint-1", "--headless", "--no-sandbox");

        AssertExit(0, run);
        var lines = await File.ReadAllLinesAsync(outcomes);
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("refused ", l));
        Assert.Contains("refused `git push --force origin main`: force push is blocked", run.Out);
        Assert.Contains("refused `git checkout main`", run.Out);
        Assert.Contains("(pre-push hook)", run.Out);
        Assert.Contains("refused `gh pr merge 7`", run.Out);
        var log = File.ReadAllLines(IceLog.PathFor(new RunPaths(repo.Path))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(8, log.Count);

        // Origin gained exactly the run's feature branch; main and feature/other are as they were.
        var after = (await origin.RefsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(before.Split('\n', StringSplitOptions.RemoveEmptyEntries), after.Where(l => !l.StartsWith("refs/heads/feature/sprint-1 ", StringComparison.Ordinal)));
        Assert.Equal("cycle 1\n", await Shell.GitAsync(origin.Path, "show", "feature/sprint-1:agent-1.txt"));
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "rev-list", "--merges", "--all")).Trim());
        Assert.Contains("feature/other", await Shell.GitAsync(repo.Path, "branch", "--list", "feature/other"));
        Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.DoesNotContain(gh.Calls, c => c is ["pr", "merge", ..]);

        // The agent's own commit counts as the run's, and lands on the feature branch only.
        Assert.Equal(
            ["chore(sprint-1): COMPLETED — review and audit passed in cycle 1", "feat(sprint-1): cycle 1 — Fake implementer finished cycle 1.", "agent's own commit"],
            await origin.SubjectsAsync("feature/sprint-1"));
        Assert.Equal(3, State(repo).GetProperty("metrics").GetProperty("commits").GetInt32());
    }

    [Fact]
    public async Task An_agent_that_switches_to_another_feature_branch_halts_the_run_before_anything_is_committed_there()
    {
        using var repo = new TestRepo();
        using var tools = new TempDir();
        var claude = FakeClaude.Write(tools.Path, """
            git switch -q -c feature/elsewhere
            echo "stray" > stray.txt
            session
            finish
            """);
        await repo.SetConfigAsync(FakeClaude.Config(claude));

        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--no-sandbox");

        AssertExit(1, run);
        Assert.Contains("the implementer left branch feature/sprint-1 for feature/elsewhere", run.Out);
        Assert.Contains("uncommitted changes left as they are", run.Out);
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "log", "--format=%s", "main..feature/elsewhere")).Trim());
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "log", "--format=%s", "main..feature/sprint-1")).Trim());
        Assert.Equal("HALTED", State(repo).GetProperty("state").GetString());
    }
}
