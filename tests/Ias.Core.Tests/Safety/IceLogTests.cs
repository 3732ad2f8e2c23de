using System.Diagnostics;
using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

public sealed class IceLogTests
{
    [Fact]
    public void Each_refusal_is_one_json_line_with_timestamp_argv_reason_and_cwd()
    {
        using var dir = new TempDir();
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 19, 10, 0, 0, TimeSpan.Zero));
        var log = new IceLog(dir.Combine(".run", "ice.log"), clock);

        log.Append(["git", "push", "--force", "origin", "say \"hi\""], "force push is blocked", "/repo/sub");
        clock.Advance(TimeSpan.FromSeconds(1));
        log.Append(["gh", "pr", "merge"], "gh pr merge is blocked", "/repo");

        var lines = File.ReadAllLines(log.Path);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(["timestamp", "argv", "reason", "cwd"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-01-19T10:00:00Z", first.GetProperty("timestamp").GetString());
        Assert.Equal(["git", "push", "--force", "origin", "say \"hi\""], first.GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/repo/sub", first.GetProperty("cwd").GetString());
        Assert.Equal("2026-01-19T10:00:01Z", JsonDocument.Parse(lines[1]).RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Reading_from_an_offset_returns_only_later_refusals_and_skips_a_torn_line()
    {
        using var dir = new TempDir();
        var log = new IceLog(dir.Combine("ice.log"), TimeProvider.System);
        log.Append(["git", "merge", "x"], "merge is blocked", "/r");
        var mark = log.Length;
        File.AppendAllText(log.Path, "{\"timestamp\": \"cut sh");
        File.AppendAllText(log.Path, "\n");
        log.Append(["git", "branch", "-D", "x"], "branch -D is blocked", "/r");

        var later = log.ReadFrom(mark);

        var entry = Assert.Single(later);
        Assert.Equal(["git", "branch", "-D", "x"], entry.Argv);
        Assert.Equal("branch -D is blocked", entry.Reason);
    }

    [Fact]
    public void Gathering_a_turns_log_that_is_a_link_to_a_key_copies_nothing_and_says_why()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("id_ed25519"), "PRIVATE-KEY-MARKER");
        Directory.CreateDirectory(dir.Combine("box"));
        File.CreateSymbolicLink(dir.Combine("box", "ice.log"), dir.Combine("id_ed25519"));
        var to = dir.Combine(".run", "ice.log");

        IceLog.Gather(dir.Combine("box", "ice.log"), to, TimeProvider.System);

        var text = File.ReadAllText(to);
        Assert.DoesNotContain("PRIVATE-KEY-MARKER", text, StringComparison.Ordinal);
        var (_, reason) = Assert.Single(new IceLog(to, TimeProvider.System).ReadFrom(0));
        Assert.Contains("symbolic link", reason, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("box", "ice.log")) || new FileInfo(dir.Combine("box", "ice.log")).LinkTarget is not null);
        Assert.Equal("PRIVATE-KEY-MARKER", File.ReadAllText(dir.Combine("id_ed25519")));
    }

    [Fact(Timeout = 20_000)]
    public async Task Gathering_a_fifo_does_not_wait_for_a_writer()
    {
        using var dir = new TempDir();
        using (var mkfifo = Process.Start("mkfifo", [dir.Combine("ice.log")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        await Task.Run(() => IceLog.Gather(dir.Combine("ice.log"), dir.Combine(".run", "ice.log"), TimeProvider.System));

        Assert.Contains("FIFO", Assert.Single(new IceLog(dir.Combine(".run", "ice.log"), TimeProvider.System).ReadFrom(0)).Reason, StringComparison.Ordinal);
    }
}
