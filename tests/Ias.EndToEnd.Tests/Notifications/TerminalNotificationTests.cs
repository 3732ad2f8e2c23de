using System.Text;
using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Notifications;
using Ias.Tui.Terminal;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Notifications;

/// <summary>The attached dashboard rings the person's terminal when the run ends: the raw bytes tmux's pane received.</summary>
public sealed class TerminalNotificationTests
{
    public TerminalNotificationTests() => Tmux.AssertInstalled();

    [Fact(Timeout = 300_000)]
    public async Task When_the_run_completes_the_dashboard_writes_a_bell_and_OSC_9_and_OSC_777_desktop_notifications()
    {
        using var repo = new TestRepo();
        var (raw, release) = await HeldAsync(repo);
        using var tmux = Tmux.Start(120, 40, repo.Path, raw.Env, "run", "sprint-1", "--yes");
        await tmux.WaitForAsync("● c1 IMPLEMENT");
        tmux.PipeTo(raw.File);

        await File.WriteAllTextAsync(release, "");
        await tmux.WaitForAsync(" DONE ");
        var bytes = await WaitForBytesAsync(raw.File, "\u001b]777;notify;");

        Assert.Contains("\a\u001b]9;ias: sprint-1 DONE after", bytes, StringComparison.Ordinal);
        Assert.Contains("\u001b]777;notify;ias: completed;sprint-1 DONE after", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_terminal_channel_is_left_out_when_its_key_turns_it_off()
    {
        var n = new Notification(NotificationKind.Halted, "run-1", DateTimeOffset.UnixEpoch, "sprint-1 halted\u001b]52;c;evil\a");

        var all = Encoding.UTF8.GetString(TerminalNotifier.Bytes(n, NotifyConfig.Defaults));
        var noBell = Encoding.UTF8.GetString(TerminalNotifier.Bytes(n, NotifyConfig.Defaults with { Bell = false }));
        var none = TerminalNotifier.Bytes(n, NotifyConfig.Defaults with { Bell = false, Desktop = false });

        // The summary's own escape sequence is gone with its payload, so it can neither start a sequence nor end ias's.
        Assert.Equal("\a\u001b]9;ias: sprint-1 halted\a\u001b]777;notify;ias: halted;sprint-1 halted\a", all);
        Assert.Equal(all[1..], noBell);
        Assert.Empty(none);
    }

    /// <summary>A scenario whose implementer holds until the release file appears, and the file the pane's bytes go to.</summary>
    private static async Task<((Dictionary<string, string> Env, string File) Raw, string Release)> HeldAsync(TestRepo repo)
    {
        var dir = Path.GetDirectoryName(repo.Path)!;
        var release = Path.Combine(dir, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        return ((env, Path.Combine(dir, "pane.raw")), release);
    }

    private static async Task<string> WaitForBytesAsync(string file, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var bytes = File.Exists(file) ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)) : "";
            if (bytes.Contains(text, StringComparison.Ordinal))
            {
                return bytes;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the terminal never received {JsonSerializer.Serialize(text)}; it received {bytes.Length} bytes");
            await poll.WaitForNextTickAsync();
        }
    }
}
