using Ias.Core.Agents;
using Ias.Core.Tests.Support;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

public sealed class TurnLogTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 1, 2, 3, 456, TimeSpan.Zero);

    [Fact]
    public async Task Each_line_carries_its_time_and_kind_and_no_tab_of_the_agents_own()
    {
        using var job = new TempDir();
        await using (var log = new TurnLog(job.Path, new TickClock(At)))
        {
            log.Write(new AssistantText(null, "col\tumn\nsecond"));
            log.Write(new ToolCall("t1", "Read", "src/a.cs"));
        }

        var lines = await File.ReadAllLinesAsync(job.Combine(TurnLog.FileName));

        Assert.Equal(
        [
            "2026-11-23T01:02:03.456Z\tassistant\tcol umn",
            "2026-11-23T01:02:03.456Z\tassistant\tsecond",
            "2026-11-23T01:02:03.456Z\ttool\t→ Read src/a.cs",
        ], lines);
    }

    [Fact]
    public async Task A_reader_in_another_process_sees_a_line_once_the_quarter_second_flush_ran()
    {
        using var job = new TempDir();
        var clock = new TickClock(At);
        await using var log = new TurnLog(job.Path, clock);

        log.Write(new SessionStarted("s-1", "claude-x"));
        clock.Tick!();

        using var fs = new FileStream(job.Combine(TurnLog.FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        Assert.Equal("2026-11-23T01:02:03.456Z\tsystem\tsession s-1 · claude-x\n", await reader.ReadToEndAsync());
    }

    /// <summary>A fixed clock whose flush timer the test fires by hand.</summary>
    private sealed class TickClock(DateTimeOffset now) : TimeProvider
    {
        public Action? Tick { get; private set; }

        public override DateTimeOffset GetUtcNow() => now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Tick = () => callback(state);
            return System.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
