using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard in a real terminal whose locale is not UTF-8: every screen is ASCII, and esc leaves a replay.</summary>
public sealed class AsciiLocaleEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public AsciiLocaleEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task In_the_C_locale_the_panes_help_and_a_replay_are_ascii_alone_and_esc_leaves_the_replay()
    {
        using var repo = new TestRepo();
        var sprint = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint.Code == 0, sprint.Out + sprint.Err);

        var env = new Dictionary<string, string> { ["LANG"] = "C", ["LC_ALL"] = "C" };
        using var tmux = Tmux.Start(100, 30, repo.Path, env, "dashboard", "--no-report");
        var screens = new List<string> { await tmux.WaitForAsync(" DONE ", Timeout) };

        tmux.Keys("?");
        screens.Add(await tmux.WaitForAsync("esc closes", Timeout));
        tmux.Keys("Escape");
        await tmux.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the help closed", Timeout);

        tmux.Keys("p");
        screens.Add(await tmux.WaitForAsync("replaying run", Timeout));

        // esc leaves the replay for the run as it is: the engine's keys answer for the live run again, not for a replay.
        tmux.Keys("Escape");
        screens.Add(await tmux.WaitForAsync("left the replay", Timeout));
        tmux.Keys("h");
        screens.Add(await tmux.WaitForAsync("the run is over: nothing to halt", Timeout));

        foreach (var screen in screens)
        {
            var foreign = screen.Where(c => c >= 0x80).Distinct().ToList();
            Assert.True(foreign.Count == 0, $"non-ASCII {string.Join(", ", foreign.Select(c => $"U+{(int)c:X4}"))} on screen:\n{screen}");
        }

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]", Timeout);
    }
}
