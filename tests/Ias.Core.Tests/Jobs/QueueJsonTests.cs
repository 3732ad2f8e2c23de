using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Tests.Jobs;

/// <summary>The JSON of the runner's job files and of `ias status --json`.</summary>
public sealed class QueueJsonTests
{
    [Theory]
    [InlineData(0L, 0, "2026-01-19T10:00:00Z")]
    [InlineData(5_000_000L, 0, "2026-01-19T10:00:00.5Z")]
    [InlineData(1_234_560L, 0, "2026-01-19T10:00:00.123456Z")]
    [InlineData(1L, 0, "2026-01-19T10:00:00.0000001Z")]
    [InlineData(0L, 2, "2026-01-19T10:00:00Z")]
    public void A_jobs_times_are_written_in_UTC_as_the_state_files_write_times(long ticks, int offsetHours, string expected)
    {
        var at = new DateTimeOffset(2026, 1, 19, 10 + offsetHours, 0, 0, TimeSpan.FromHours(offsetHours)).AddTicks(ticks);
        var job = new Job("night", "0001-reviewer", 1, "reviewer", "Review the change.", null, false, JobState.Running, 1, at, at, at, null, 1,
            "pid 1 on here", at, at, null, null, null, [new JobAttempt(1, at, at, "retry", "the agent stopped")]);

        var file = QueueJson.Job(job);

        var written = new[] { file["not_before"], file["created"], file["started"], file["heartbeat"], file["lease"]!["expires"], file["history"]![0]!["ended"] };
        Assert.All(written, t => Assert.Equal(expected, (string?)t));
        Assert.Equal(expected, IsoTime.ForFile(at));
    }
}
