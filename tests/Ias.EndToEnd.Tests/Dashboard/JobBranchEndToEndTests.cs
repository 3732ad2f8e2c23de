using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Tests.Dashboard;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// b on a queue run in the real dashboard: the selected job's commits from git and one commit's patch, after the real
/// runner ran the jobs with the simulated agent; a job with no branch says why in the footer instead.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JobBranchEndToEndTests(PostgresClusterFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task B_lists_the_selected_jobs_commit_enter_opens_its_patch_and_a_reviewer_has_no_branch()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        await using var dashboard = DashboardDriver.Open(repo.Path, 160, 40, "--run", repo.Run);
        await dashboard.WaitForAsync(s => s.Contains("✓ 0001-implementer", StringComparison.Ordinal) && s.Contains("✓ 0002-reviewer", StringComparison.Ordinal), "both jobs done");

        // The newest job is selected first; k selects the implementer, whose log the log pane then shows.
        dashboard.Keys("k");
        await dashboard.WaitForAsync("Log - 0001-implementer");
        dashboard.Keys("b");
        // Its commit was made on the run's branch, over the commit the job started from, with the files it changed.
        await dashboard.WaitForAsync(
            s => s.Contains("job 0001-implementer - enter opens - esc closes", StringComparison.Ordinal)
                && Regex.IsMatch(s, @"1 commit\(s\) on ias/queue/night over [0-9a-f]{7}")
                && Regex.IsMatch(s, @"\d file\(s\) changed: sim/night/")
                && Regex.IsMatch(s, @"[0-9a-f]{7} \d\d-\d\d \d\d:\d\d \+\d+ -\d+ \df  feat\(night\): job 0001-implementer — "),
            "the implementer's commit, its branch and its files in the branch overlay");

        dashboard.Keys("Enter");
        await dashboard.WaitForAsync(
            s => s.Contains("j/k scroll - esc back", StringComparison.Ordinal) && s.Contains("    feat(night): job 0001-implementer — ", StringComparison.Ordinal)
                && Regex.IsMatch(s, @"\+\+\+ b/sim/night/\S+"),
            "the commit's message and patch");

        dashboard.Keys("Escape");
        await dashboard.WaitForAsync(s => s.Contains("enter opens - esc closes", StringComparison.Ordinal) && !s.Contains("esc back", StringComparison.Ordinal), "the commit list again");
        dashboard.Keys("Escape");
        await dashboard.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the overlay closed");

        // The reviewer writes nothing: b says so in the footer and opens nothing.
        dashboard.Keys("j");
        await dashboard.WaitForAsync("Log - 0002-reviewer");
        dashboard.Keys("b");
        await dashboard.WaitForAsync(
            s => s.Contains("0002-reviewer does not write: it has no branch", StringComparison.Ordinal) && !s.Contains("esc closes", StringComparison.Ordinal),
            "the footer's line and no overlay");

        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }

    [PostgresFact]
    public async Task On_a_teams_queue_b_says_how_to_fetch_a_job_branch_that_ran_elsewhere_and_lists_it_once_fetched()
    {
        Tmux.AssertInstalled();
        using var team = await TeamQueue.CreateAsync(postgres.CreateDatabase(), clones: 2);
        await team.EnqueueAsync("implementer", "Build the greeting.");
        await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        const string Branch = "ias/night/0001-implementer";

        using var tmux = Tmux.Start(160, 40, team.Clones[1], team.Env, "dashboard", "--run", team.Run);
        await tmux.WaitForAsync(s => s.Contains("✓ 0001-implementer", StringComparison.Ordinal) && s.Contains("ran elsewhere", StringComparison.Ordinal), "the job done on the other machine", Timeout);
        tmux.Keys("b");
        await tmux.WaitForAsync(
            s => s.Contains($"0001-implementer ran elsewhere: `git fetch origin {Branch}` brings its branch", StringComparison.Ordinal) && !s.Contains("esc closes", StringComparison.Ordinal),
            "how to fetch the job's branch, and no overlay", Timeout);

        // What the footer says to do, done on this machine: the overlay lists origin's copy of the branch.
        await TeamQueue.GitAsync(team.Clones[1], "fetch", "origin", Branch);
        tmux.Keys("b");
        await tmux.WaitForAsync(
            s => s.Contains("job 0001-implementer - enter opens - esc closes", StringComparison.Ordinal)
                && s.Contains($"1 commit(s) on origin/{Branch} over origin/main", StringComparison.Ordinal) && s.Contains("feat(night): job 0001-implementer — ", StringComparison.Ordinal),
            "the fetched branch's commit in the overlay", Timeout);

        tmux.Keys("Enter");
        await tmux.WaitForAsync(s => s.Contains("j/k scroll - esc back", StringComparison.Ordinal) && Regex.IsMatch(s, @"\+\+\+ b/sim/\S+"), "the commit's patch", Timeout);
        tmux.Keys("Escape");
        await tmux.WaitForAsync(s => s.Contains("enter opens - esc closes", StringComparison.Ordinal) && !s.Contains("esc back", StringComparison.Ordinal), "the commit list again", Timeout);
        tmux.Keys("q");
        await tmux.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the overlay closed", Timeout);
        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]", Timeout);
    }
}
