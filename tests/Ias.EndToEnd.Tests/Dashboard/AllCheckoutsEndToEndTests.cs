using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// `ias dashboard --all` through the real ias in tmux: two repositories that each ran a queue job are remembered in the
/// user's registry, and the dashboard of one lists and watches the other's run in place, its keys acting there.
/// </summary>
public sealed class AllCheckoutsEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public AllCheckoutsEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task L_lists_every_checkouts_runs_under_its_heading_and_enter_watches_the_other_repositorys_run_there_and_back()
    {
        using var state = new TempDir();
        using var alpha = await QueueRepo.CreateAsync(run: "alpha");
        using var bravo = await QueueRepo.CreateAsync(run: "bravo");
        var registry = new Dictionary<string, string> { ["XDG_STATE_HOME"] = state.Path };
        foreach (var repo in new[] { alpha, bravo })
        {
            await repo.EnqueueAsync("reviewer", "Review the greeting.");
            var ran = await repo.IasAsync(registry, "run-loop", "--run", repo.Run, "--stop-when-idle");
            Assert.True(ran.Code == 0, ran.Out + ran.Err);
        }

        // The runners remembered their checkouts in the registry of the state folder they were given.
        Assert.Equal(new[] { alpha.Path, bravo.Path }.Order(StringComparer.Ordinal), await File.ReadAllLinesAsync(Path.Combine(state.Path, "ias", "checkouts")));
        await bravo.EnqueueAsync("auditor", "Audit the greeting.");

        var (alphaName, bravoName) = (Path.GetFileName(alpha.Path), Path.GetFileName(bravo.Path));
        using var tmux = Tmux.Start(120, 40, alpha.Path, alpha.Env.Concat(registry).ToDictionary(), "dashboard", "--all");
        await tmux.WaitForAsync($"ias  STOPPED  │ {alphaName} │ queue run alpha", Timeout);
        tmux.Keys("l");
        var list = await tmux.WaitForAsync("runs - enter watches", Timeout);
        Assert.Contains("watched, by checkout, latest active first", list);
        Assert.Matches(@"▶ queue  STOPPED +alpha +\d\d-\d\d \d\d:\d\d  1 done", list);
        Assert.Matches(@"  queue  STOPPED +bravo +\d\d-\d\d \d\d:\d\d  1 pending · 1 done", list);
        // This checkout's runs come first, under its heading, whatever the paths' order.
        var (alphaHeading, bravoHeading) = (list.IndexOf($"{alphaName}  {alpha.Path}", StringComparison.Ordinal), list.IndexOf($"{bravoName}  {bravo.Path}", StringComparison.Ordinal));
        Assert.True(alphaHeading >= 0 && bravoHeading > alphaHeading && list.IndexOf("bravo ", bravoHeading, StringComparison.Ordinal) > bravoHeading, list);

        // The other repository's run, chosen from the list, is watched in the same dashboard: its header, its jobs, its keys.
        tmux.Keys("j");
        tmux.Keys("Enter");
        // The footer's line lives a few seconds from the frame that shows the header: both are looked for in one screen,
        // so a busy machine's slow capture waits for them together rather than finding the header after the line went.
        var header = $"ias  STOPPED  │ {bravoName} │ queue run bravo │ 1 pending · 1 done";
        var footer = $"watching queue run bravo in {bravo.Path}";
        var watched = await tmux.WaitForAsync(s => s.Contains(header, StringComparison.Ordinal) && s.Contains(footer, StringComparison.Ordinal), "bravo watched, and the footer saying so", Timeout);
        Assert.Contains("✓ 0001-reviewer", watched);
        Assert.Contains("○ 0002-auditor", watched);

        // u starts bravo's runner in bravo, which does bravo's job; x stops it; each asks first.
        tmux.Keys("u");
        await tmux.WaitForAsync("Start the runner of queue run bravo in this checkout, detached?", Timeout);
        tmux.Keys("y");
        // The footer's "starting detached" line may be gone by the time a busy machine captures the screen; the job done by
        // bravo's runner, and its log in bravo, are what stay.
        await tmux.WaitForAsync(s => s.Contains("✓ 0002-auditor", StringComparison.Ordinal) && s.Contains($"ias  IDLE  │ {bravoName} │ queue run bravo", StringComparison.Ordinal), "bravo's job done by its runner", Timeout);
        Assert.True(File.Exists(Path.Combine(bravo.RunnerDir, "runner.log")), "the runner started in bravo's checkout");
        tmux.Keys("x");
        await tmux.WaitForAsync("Stop the queue's runner after its current job?", Timeout);
        tmux.Keys("y");
        await tmux.WaitForAsync($"ias  STOPPED  │ {bravoName} │ queue run bravo", Timeout);

        // The list now puts the watched checkout first, and takes the dashboard back to the first one's run.
        tmux.Keys("l");
        var again = await tmux.WaitForAsync(s => s.Contains("▶ queue  STOPPED  bravo", StringComparison.Ordinal), "bravo's run marked as watched", Timeout);
        Assert.True(again.IndexOf($"{bravoName}  {bravo.Path}", StringComparison.Ordinal) < again.IndexOf($"{alphaName}  {alpha.Path}", StringComparison.Ordinal), again);
        tmux.Keys("j");
        tmux.Keys("Enter");
        await tmux.WaitForAsync($"ias  STOPPED  │ {alphaName} │ queue run alpha", Timeout);

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]", Timeout);
        Assert.Contains($"--repo {alpha.Path} --run alpha", tmux.CaptureJoined());

        // From a folder outside any repository the box-wide view opens where ias worked last: bravo, whose runner ran last.
        using var outside = new TempDir();
        using var anywhere = Tmux.Start(120, 40, outside.Path, alpha.Env.Concat(registry).ToDictionary(), "dashboard", "--all", "--no-report");
        await anywhere.WaitForAsync($"ias  STOPPED  │ {bravoName} │ queue run bravo", Timeout);
        anywhere.Keys("q");
        await anywhere.WaitForAsync("[exited 0]", Timeout);
    }
}
