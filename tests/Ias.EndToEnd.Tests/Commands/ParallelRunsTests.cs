using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Several sprints at once in one repository, through the real ias: each in its own worktree and lane, the checkout never touched.</summary>
public sealed class ParallelRunsTests
{
    private static readonly string[] Sprints = ["sprint-1", "sprint-2", "sprint-3"];

    [Fact]
    public async Task Three_sprints_started_at_once_beside_a_persons_edits_all_end_done_each_on_its_own_branch()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementersAsync(repo);
        var before = repo.Checkout();

        var engines = Sprints.Select(s => IasProcess.Start(repo.Path, env, "run", s, "--headless")).ToList();
        try
        {
            foreach (var engine in engines)
            {
                await engine.WaitForLineAsync("implementer (sim) started");
            }

            Assert.Equal(before, repo.Checkout()); // sampled while the three agents work
            var status = await repo.IasAsync("run-status");
            Assert.Equal(2, status.Out.Split('\n').Count(l => l.StartsWith("also ", StringComparison.Ordinal)));
            await File.WriteAllTextAsync(release, "");

            foreach (var engine in engines)
            {
                var code = await engine.ExitAsync();
                Assert.True(code == 0, engine.Stdout + engine.Stderr);
            }
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }

        Assert.Equal(before, repo.Checkout());
        var git = new Ias.Core.Git.GitCli(repo.Path);
        var states = Lanes(repo).Select(State).ToList();
        Assert.Equal(["JACKED_OUT", "JACKED_OUT", "JACKED_OUT"], states.Select(s => s.State));
        Assert.Equal(Sprints.Select(s => "feature/" + s).Order(), states.Select(s => s.Branch).Order());
        foreach (var sprint in Sprints)
        {
            Assert.Contains("): COMPLETED", git.Run("log", "--format=%s", $"{before.Head}..feature/{sprint}"));
        }

        // Each run wrote its own PR text, in its own lane.
        Assert.Equal(3, Lanes(repo).Select(l => Path.Combine(l, "pr.md")).Count(File.Exists));
        Assert.DoesNotContain("ias/worktrees", git.Run("worktree", "list"));
    }

    [Fact]
    public async Task Three_sprints_killed_mid_turn_resume_together_by_name_to_the_end_an_uninterrupted_sprint_reaches()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementersAsync(repo);
        var before = repo.Checkout();
        foreach (var sprint in Sprints)
        {
            await using var engine = IasProcess.Start(repo.Path, env, "run", sprint, "--headless");
            await engine.WaitForLineAsync("implementer (sim) started");
            engine.Kill9();
            await engine.ExitAsync();
        }

        await File.WriteAllTextAsync(release, "");
        var resumes = await Task.WhenAll(Sprints.Select(s => repo.IasAsync(env, "run-resume", "--run", s, "--headless")));

        Assert.All(resumes, r => Assert.True(r.Code == 0, r.Out + r.Err));
        Assert.Equal(before, repo.Checkout());
        Assert.Equal(["JACKED_OUT", "JACKED_OUT", "JACKED_OUT"], Lanes(repo).Select(State).Select(s => s.State));
        var git = new Ias.Core.Git.GitCli(repo.Path);
        foreach (var sprint in Sprints)
        {
            // As an uninterrupted sprint ends: its cycle-1 work, its COMPLETED marker, nothing left of the killed turn's agent.
            var log = git.Run("log", "--format=%s", $"{before.Head}..feature/{sprint}");
            Assert.Contains("): COMPLETED", log);
            Assert.Contains($"sim/{sprint}/cycle-1.md", git.Run("ls-tree", "-r", "--name-only", $"feature/{sprint}"));
        }

        Assert.DoesNotContain(Lanes(repo), l => File.Exists(Path.Combine(l, "agent.pid")));
    }

    [Fact]
    public async Task A_second_run_on_a_branch_a_run_works_on_is_refused_in_one_line_and_the_first_goes_on()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementersAsync(repo);
        await using var first = IasProcess.Start(repo.Path, env, "run", "sprint-2", "--headless");
        await first.WaitForLineAsync("implementer (sim) started");
        await using var other = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await other.WaitForLineAsync("implementer (sim) started");

        var again = await repo.IasAsync(env, "run", "sprint-1", "--headless");

        Assert.Equal(2, again.Code);
        Assert.Matches(@"^ias: a run already works on feature/sprint-1 \(pid \d+ on .+\): watch it with `ias run-status --run feature/sprint-1`, stop it with `ias run-halt --run feature/sprint-1`$", again.Err.Trim());
        await File.WriteAllTextAsync(release, "");
        var (one, two) = (await first.ExitAsync(), await other.ExitAsync());
        Assert.True(one == 0, first.Stdout + first.Stderr);
        Assert.True(two == 0, other.Stdout + other.Stderr);
    }

    [Fact]
    public async Task Halting_one_of_two_runs_by_its_branch_leaves_the_other_working_and_a_killed_one_resumes_by_name()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementersAsync(repo);
        await using var first = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await first.WaitForLineAsync("implementer (sim) started");
        await using var second = IasProcess.Start(repo.Path, env, "run", "sprint-2", "--headless");
        await second.WaitForLineAsync("implementer (sim) started");

        var unnamed = await repo.IasAsync("run-halt");
        Assert.Equal(2, unnamed.Code);
        Assert.Equal("ias: 2 runs are at work here (sprint-1 on feature/sprint-1, sprint-2 on feature/sprint-2): name one with `ias run-halt --run BRANCH`", unnamed.Err.Trim());

        // `ias halt` (the verb of both kinds of run) takes a Run Mode run at work by its branch, as `run-halt` does.
        var halt = await repo.IasAsync("halt", "--run", "feature/sprint-2", "--force");
        Assert.True(halt.Code == 0, halt.Out + halt.Err);
        Assert.Equal(1, await second.ExitAsync());
        first.Kill9();
        await first.ExitAsync();
        await File.WriteAllTextAsync(release, "");

        var both = await repo.IasAsync(env, "run-resume", "--headless");
        Assert.Equal(2, both.Code);
        Assert.Contains("name one with `ias run-resume --run BRANCH`", both.Err);
        foreach (var sprint in new[] { "sprint-1", "sprint-2" })
        {
            var resumed = await repo.IasAsync(env, "run-resume", "--run", sprint, "--headless");
            Assert.True(resumed.Code == 0, resumed.Out + resumed.Err);
        }

        Assert.Equal(["JACKED_OUT", "JACKED_OUT"], Lanes(repo).Select(State).Select(s => s.State));
    }

    [Fact]
    public async Task Under_a_cap_of_one_agent_the_second_run_waits_for_the_first_runs_agent_and_both_end_done()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementersAsync(repo);
        await File.AppendAllTextAsync(repo.ConfigPath, "ias:\n  parallel:\n    max: 1\n");
        await using var first = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await first.WaitForLineAsync("implementer (sim) started");

        await using var second = IasProcess.Start(repo.Path, env, "run", "sprint-2", "--headless");
        await second.WaitForLineAsync("1 agent(s) already work in this repository (ias.parallel.max: 1); this one waits for one of them to end");
        await File.WriteAllTextAsync(release, "");

        Assert.Equal(0, await first.ExitAsync());
        Assert.Equal(0, await second.ExitAsync());
        Assert.Equal(["JACKED_OUT", "JACKED_OUT"], Lanes(repo).Select(State).Select(s => s.State));
    }

    // A third sprint in the plan, then the person's edits and implementers held in cycle 1 until the release file is written.
    private static async Task<(IReadOnlyDictionary<string, string> Env, string Release)> HeldImplementersAsync(TestRepo repo)
    {
        await File.AppendAllTextAsync(repo.File("grimoires", "loa", "sprint.md"), "\n## Sprint 3: another\n\n- Task 3.1: a third feature\n");
        await DemoTests.Git(repo.Path, "commit", "-qam", "a third sprint");
        return await repo.PersonsEditsAndHeldImplementerAsync();
    }

    // `.run/` and each lane beside it that a run wrote its state in.
    private static IEnumerable<string> Lanes(TestRepo repo) =>
        new[] { repo.File(".run") }.Concat(Directory.Exists(repo.File(".run", "lanes")) ? Directory.GetDirectories(repo.File(".run", "lanes")) : [])
            .Where(l => File.Exists(Path.Combine(l, "state.json")));

    private static (string State, string Branch) State(string lane)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(lane, "state.json"))).RootElement;
        return (root.GetProperty("state").GetString()!, root.GetProperty("branch").GetString()!);
    }
}
