using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// Replay in a real terminal: a sprint recorded while a live dashboard watched it, its screens taken at chosen moments,
/// then replayed with `ias dashboard --replay RUN` and with l then p, stepped to those moments and compared.
/// </summary>
public sealed partial class ReplayEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public ReplayEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task A_replayed_run_shows_the_screens_the_live_dashboard_showed_at_those_moments_and_changes_nothing_of_the_run()
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        // The first review is held mid-turn: the live screen then is a moment the test chooses, not one it happens to catch.
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "reviewer", "cycle": 1, "mode": "hold"}]}""");

        string heldLive, doneLive;
        using (var live = Tmux.Start(120, 40, repo.Path, env, "run", "sprint-1", "--yes"))
        {
            heldLive = await live.WaitForAsync(
                s => s.Contains("● c1 REVIEW", StringComparison.Ordinal) && s.Contains("Log - c1 reviewer follow 1/1", StringComparison.Ordinal)
                    && s.Contains("· sim-1", StringComparison.Ordinal) && s.Contains("2/100", StringComparison.Ordinal),
                "the first review running, held, its session line in the log and its call counted",
                Timeout);
            heldLive = live.Capture();
            await File.WriteAllTextAsync(release, "");
            // The engine's last writes come after DONE, and until it is gone the rate pane counts down to the new hour; the
            // replay's last moment is the run as the engine left it, so the live screen compared with it is the one taken
            // once the dashboard has seen the engine go (the new hour shown as a time).
            doneLive = await live.WaitForAsync(
                s => s.Contains(" DONE ", StringComparison.Ordinal) && s.Contains("Log - c2 auditor follow", StringComparison.Ordinal)
                    && s.Contains("agent exited (0)", StringComparison.Ordinal) && s.Contains("5/100", StringComparison.Ordinal)
                    && NewHourAsTime().IsMatch(s),
                "the run done, the audit's log to its end, every call counted and the engine gone",
                Timeout);
            live.Keys("q");
            await live.WaitForAsync("[exited 0]", Timeout);
        }

        // The engine finishes on its own after the dashboard has shown DONE (its last writes, its database closed): what the
        // replays must leave as it is, is what it left.
        await Until.TrueAsync(() => !repo.EngineAlive, "the engine gone", Timeout);
        var runId = Directory.GetDirectories(repo.File(".run", "jobs")).Select(Path.GetFileName).Select(d => RunIdOf().Match(d!).Value).First();
        var before = Files(repo);

        using (var replay = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--replay", runId))
        {
            await replay.WaitForAsync($"replaying run {runId}", Timeout);
            replay.Keys("+", "+", "+", "+", "+", "+");
            // It plays to the end and stops there: the run as it was left, as the live dashboard showed it at the end.
            var end = await replay.WaitForAsync(s => EndOfReplay().IsMatch(s), "the replay at its last moment, paused", Timeout);
            Assert.Equal(Masked(doneLive), Masked(end));

            // Back four phases from the audit: to the first review's start, where the live run was held.
            replay.Keys("[", "[", "[", "[");
            var held = await replay.WaitForAsync(s => s.Contains("● c1 REVIEW", StringComparison.Ordinal), "the first review running again", Timeout);
            Assert.Equal(Masked(heldLive), Masked(held));

            replay.Keys("h");
            await replay.WaitForAsync($"a replay of run {runId} changes nothing", Timeout);
            replay.Keys("q");
            await replay.WaitForAsync("[exited 0]", Timeout);
        }

        AssertUnchanged(before, Files(repo), "ias dashboard --replay");

        // A live dashboard reads ias.db through a connection that, closing last, moves what the engine left in its -wal file
        // into the database file (a checkpoint), and l then p starts from a live dashboard: one opened and closed first
        // does that, so what is compared after is what the replay did.
        using (var first = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--no-report"))
        {
            await first.WaitForAsync(" DONE ", Timeout);
            first.Keys("q");
            await first.WaitForAsync("[exited 0]", Timeout);
        }

        var settled = Files(repo);
        using (var listed = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--no-report"))
        {
            await listed.WaitForAsync(" DONE ", Timeout);
            listed.Keys("l");
            await listed.WaitForAsync("runs - enter watches - p replays", Timeout);
            listed.Keys("p");
            var replaying = await listed.WaitForAsync($"replaying run {runId}", Timeout);
            Assert.Matches(@"(▶|\|\|) 1x \d\d:\d\d:\d\d ─*●─* \d+/\d+", replaying);
            listed.Keys("q");
            await listed.WaitForAsync("[exited 0]", Timeout);
        }

        AssertUnchanged(settled, Files(repo), "l then p");
    }

    private static void AssertUnchanged(SortedDictionary<string, string> before, SortedDictionary<string, string> after, string what)
    {
        var changed = before.Keys.Union(after.Keys).Where(f => before.GetValueOrDefault(f) != after.GetValueOrDefault(f)).ToList();
        Assert.True(changed.Count == 0, $"{what} changed files of .run/: {string.Join(", ", changed)}");
    }

    [Fact]
    public async Task Replaying_a_run_that_is_not_there_says_how_to_list_the_runs_and_fails()
    {
        using var repo = new TestRepo();
        var sprint = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint.Code == 0, sprint.Out + sprint.Err);

        var (code, _, err) = await repo.IasAsync("dashboard", "--replay", "run-20200101-nope00");
        Assert.NotEqual(0, code);
        Assert.Contains("no run run-20200101-nope00", err);
        Assert.Contains("`ias dashboard` then l lists the runs", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    /// <summary>
    /// The screen without its footer (the live one offers keys, the replay's shows its time cursor) and with what is
    /// relative to the clock of the one who looks masked: the live screen was taken some seconds after its moment, as the
    /// held agent waited, and its clock runs on, while the replay's clock stands at the moment. So the runtime (header and
    /// breaker), the wait for the new hour and the running job's time so far are masked; everything else must be equal.
    /// </summary>
    private static string Masked(string screen)
    {
        var lines = screen.TrimEnd('\n').Split('\n');
        var kept = lines.Take(lines.Length - 1).Select(line =>
        {
            line = Runtime().Replace(line, "#:##/$1");
            line = NewHour().Replace(line, "in #:##:##");
            return RunningFor().Replace(line, "$1#:##$2");
        });
        return string.Join('\n', kept);
    }

    /// <summary>Every file under .run/ and its content's hash.</summary>
    private static SortedDictionary<string, string> Files(TestRepo repo)
    {
        var root = repo.File(".run");
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            all[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return all;
    }

    [GeneratedRegex(@"run-\d{8}-[0-9a-f]+")]
    private static partial Regex RunIdOf();

    [GeneratedRegex(@"\|\| 64x \d\d:\d\d:\d\d ─*● (\d+)/\1 ")]
    private static partial Regex EndOfReplay();

    [GeneratedRegex(@"\d+:\d\d(?::\d\d)?/(\d+h)")]
    private static partial Regex Runtime();

    [GeneratedRegex(@"in \d+:\d\d:\d\d")]
    private static partial Regex NewHour();

    [GeneratedRegex(@"new hour +at \d\d:\d\d UTC")]
    private static partial Regex NewHourAsTime();

    [GeneratedRegex(@"(● c\d+ \S+ +\S+ [^│]*?)\d+:\d\d( ?│)")]
    private static partial Regex RunningFor();
}
