using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Runs;

/// <summary>
/// A halted run resumes with the inputs it took at jack-in, its engine in this process: an implementer that swaps the
/// reviewer, or a file that turns the box off while the run is halted, changes nothing in it.
/// </summary>
public sealed class RunInputsTests
{
    private const string Config = "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: 6\n    timeout_hours: 1\nagents:\n  default:\n    agent: sim\n";

    private const string OriginalReview = "You are the reviewer of an autonomous Run Mode sprint (sprint-1, cycle ";

    [Fact(Timeout = 300_000)]
    public async Task An_implementer_that_swaps_the_reviewer_for_an_always_pass_script_changes_nothing_after_a_halt_and_resume()
    {
        using var repo = new DemoRepo();
        var swap = await SwapReviewerAsync(repo);
        var runId = await HaltDuringFirstReviewAsync(repo, swap.Release);

        var resume = await repo.ResumeAsync();

        Assert.True(resume.State == RunState.JackedOut, $"the resumed run ended {resume.State} ({resume.HaltReason}); it said:\n{repo.Output}");
        // The implementer's swap stayed in the run's worktree: the person's file is as they wrote it, so nothing is said of it.
        Assert.DoesNotContain($".loa.config.yaml changed since run {runId} started", repo.Output, StringComparison.Ordinal);
        Assert.Equal(swap.Config, await File.ReadAllTextAsync(repo.ConfigPath));
        Assert.False(File.Exists(swap.PassRan), "the always-pass reviewer never ran");
        var calls = RunFolder.Calls(repo.Path, runId);
        Assert.All(calls.Where(c => c.Role == "reviewer"), c => Assert.Equal("sim", c.Agent));
        Assert.Contains(calls, c => c.Role == "reviewer" && c.Cycle == 1 && c.Outcome == "success"); // the halted review ran again, by the original reviewer
        Assert.Equal(RunState.JackedOut, RunFolder.CurrentRun(repo.Path).State);
        Assert.All(RunFolder.PromptsOf(repo.Path, "review"), p => Assert.StartsWith(OriginalReview, p, StringComparison.Ordinal));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_resume_boxes_the_agents_as_the_runs_copy_says_though_the_file_now_turns_the_box_off()
    {
        using var repo = new DemoRepo();
        await repo.SetConfigAsync(Config);
        // In .run/, which the box shows its agents read-only: a file beside the repository is under the box's private /tmp.
        var release = repo.File(".run", $"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        var engine = Task.Run(() => repo.SprintAsync());
        await repo.WaitForLineAsync("agent session");
        Assert.True(repo.Halt("lunch"), "no engine took the halt");
        var halted = await engine;
        Assert.True(halted.State == RunState.Halted, $"the run ended {halted.State}; it said:\n{repo.Output}");
        var runId = RunFolder.CurrentRun(repo.Path).RunId;
        Assert.False(RunFolder.CurrentRun(repo.Path).Options.Unsandboxed);

        // While the run is halted, the file turns the box off (a person, or an agent run elsewhere without the box).
        await File.WriteAllTextAsync(repo.ConfigPath, Config + "ias:\n  sandbox:\n    enabled: false\n");
        repo.Git("commit", "-qam", "box off");
        await File.WriteAllTextAsync(release, "");

        var resume = await repo.ResumeAsync();

        Assert.True(resume.State == RunState.JackedOut, $"the resumed run ended {resume.State} ({resume.HaltReason}); it said:\n{repo.Output}");
        Assert.Contains($".loa.config.yaml changed since run {runId} started; it keeps the copy it took then", repo.Output);
        Assert.Equal((RunState.JackedOut, false), (RunFolder.CurrentRun(repo.Path).State, RunFolder.CurrentRun(repo.Path).Options.Unsandboxed));
        Assert.DoesNotContain("\"sandbox\"", await File.ReadAllTextAsync(repo.File(".run", "state.json")), StringComparison.Ordinal);
    }

    /// <summary>
    /// An implementer that, in cycle 1, replaces the config with one whose reviewer is an always-pass script; the reviewer of
    /// cycle 1 (the simulated agent) holds mid-turn until <c>Release</c> exists, so a halt surely meets it.
    /// </summary>
    private static async Task<(string Release, string PassRan, string Config)> SwapReviewerAsync(DemoRepo repo)
    {
        var (config, _, passRan) = await RunFolder.SwapReviewerAsync(repo.Path, Config);
        await repo.SetConfigAsync(config);
        // In .run/, which the box shows its agents read-only: the resumed run may box its reviewer, and a file beside the
        // repository is under the box's private /tmp.
        var release = repo.File(".run", $"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "reviewer", "cycle": 1, "mode": "hold"}]}""");
        return (release, passRan, config);
    }

    /// <summary>
    /// Runs until the cycle-1 reviewer is mid-turn, forces a halt, then releases the hold; returns the run's id. The run is
    /// unsandboxed: in the box .loa.config.yaml is read-only and the implementer's edit fails outright (the attack table
    /// shows that), so only without it does the run's own copy have something to stand against.
    /// </summary>
    private static async Task<string> HaltDuringFirstReviewAsync(DemoRepo repo, string release)
    {
        var engine = Task.Run(() => repo.SprintAsync(noSandbox: true));
        await repo.WaitForLineAsync("reviewer (sim) started");
        await repo.WaitForLineAsync("agent session");
        Assert.True(repo.Halt("lunch"), "no engine took the halt");
        var halted = await engine;
        Assert.True(halted.State == RunState.Halted, $"the run ended {halted.State}; it said:\n{repo.Output}");
        Assert.Contains("the implementer edited ias's own inputs (.loa.config.yaml)", repo.Output);

        await File.WriteAllTextAsync(release, "");
        var run = RunFolder.CurrentRun(repo.Path);
        Assert.Equal((RunState.Halted, Phase.Review), (run.State, run.Phase));
        return run.RunId;
    }
}
