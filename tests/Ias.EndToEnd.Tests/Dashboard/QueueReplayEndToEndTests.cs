using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// A queue run's replay in a real terminal: three jobs run by the real runner and the simulated agent while a live
/// dashboard watched, its screen taken while the reviewer was held mid-turn, then replayed with `ias dashboard --replay
/// NAME`, stepped back to that moment and compared; and p on the queue run in the runs list replays it.
/// </summary>
public sealed partial class QueueReplayEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public QueueReplayEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task A_replayed_queue_run_shows_the_screen_the_live_dashboard_showed_while_its_reviewer_ran_and_changes_nothing()
    {
        using var repo = await QueueRepo.CreateAsync();
        var release = repo.Outside($"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "reviewer", "cycle": 2, "mode": "hold"}]}""");
        // The sim agent counts a queue job's number as its cycle: the hold is the reviewer's, job 0002.
        await repo.EnqueueAsync("implementer", "Add a greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("auditor", "Audit the greeting.");

        string heldLive;
        await using (var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle"))
        {
            using (var live = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run, "--no-report"))
            {
                await live.WaitForAsync(
                    s => s.Contains("✓ 0001-implementer", StringComparison.Ordinal) && s.Contains("● 0002-reviewer", StringComparison.Ordinal)
                        && s.Contains("Log - 0002-reviewer follow 1/1", StringComparison.Ordinal) && s.Contains("· sim-1", StringComparison.Ordinal)
                        && s.Contains("1 pending · 1 running · 1 done", StringComparison.Ordinal),
                    "the reviewer running, held after its session line, the implementer done and the auditor pending",
                    Timeout);
                heldLive = live.Capture();
                await File.WriteAllTextAsync(release, "");
                await live.WaitForAsync("3 done", Timeout);
                live.Keys("q");
                await live.WaitForAsync("[exited 0]", Timeout);
            }

            Assert.Equal(0, await runner.ExitAsync(Timeout));
        }

        var before = Files(repo);
        using (var replay = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--replay", repo.Run))
        {
            await replay.WaitForAsync($"replaying queue run {repo.Run}", Timeout);
            replay.Keys("+", "+", "+", "+", "+", "+");
            await replay.WaitForAsync(s => EndOfReplay().IsMatch(s) && s.Contains(" STOPPED ", StringComparison.Ordinal), "the replay at its last moment, paused, the runner gone", Timeout);

            // Back from the end: to the auditor's start, then to the reviewer's, and one step on to its log's first line,
            // written before the agent was held: where the live screen was taken.
            replay.Keys("[", "[");
            await replay.WaitForAsync(s => s.Contains("● 0002-reviewer", StringComparison.Ordinal), "the reviewer running again", Timeout);
            replay.Keys("Right");
            var held = await replay.WaitForAsync(s => s.Contains("Log - 0002-reviewer follow 1/1", StringComparison.Ordinal), "the reviewer's first log line", Timeout);
            Assert.Equal(Masked(heldLive), Masked(held));

            replay.Keys("x");
            await replay.WaitForAsync($"a replay of queue run {repo.Run} changes nothing", Timeout);
            replay.Keys("q");
            await replay.WaitForAsync("[exited 0]", Timeout);
        }

        AssertUnchanged(before, Files(repo), "ias dashboard --replay");

        // A live dashboard's connection, closing last, moves what the runner left in the -wal file into the database file (a
        // checkpoint), and l then p starts from a live dashboard: one opened and closed first does that, so what is compared
        // after is what the replay did.
        using (var first = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--run", repo.Run, "--no-report"))
        {
            await first.WaitForAsync("3 done", Timeout);
            first.Keys("q");
            await first.WaitForAsync("[exited 0]", Timeout);
        }

        var settled = Files(repo);
        using (var listed = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--run", repo.Run, "--no-report"))
        {
            await listed.WaitForAsync("3 done", Timeout);
            listed.Keys("l");
            await listed.WaitForAsync("runs - enter watches - p replays", Timeout);
            listed.Keys("p");
            var replaying = await listed.WaitForAsync($"replaying queue run {repo.Run}", Timeout);
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

    /// <summary>
    /// The screen without its footer (the live one offers keys, the replay's shows its time cursor) and with what is
    /// relative to the looker's clock masked: the running job's time so far and the wait for the new hour. The live screen
    /// was taken some seconds into the held turn and its clock runs on, while the replay's clock stands at the moment the
    /// turn began. Everything else must be equal.
    /// </summary>
    private static string Masked(string screen)
    {
        var lines = screen.TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Take(lines.Length - 1).Select(line => RunningFor().Replace(NewHour().Replace(line, "in #:##:##"), "$1#:##$2")));
    }

    /// <summary>Every file under .run/ and its content's hash.</summary>
    private static SortedDictionary<string, string> Files(QueueRepo repo)
    {
        var root = Path.Combine(repo.Path, ".run");
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            all[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return all;
    }

    [GeneratedRegex(@"\|\| 64x \d\d:\d\d:\d\d ─*● (\d+)/\1 ")]
    private static partial Regex EndOfReplay();

    [GeneratedRegex(@"in \d+:\d\d:\d\d")]
    private static partial Regex NewHour();

    [GeneratedRegex(@"(● 0\d+-\S+ [^│]*?)\d+:\d\d( ?│)")]
    private static partial Regex RunningFor();
}
