using System.Text;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// `ias status --json` on SQLite writes each job from its row (no <see cref="Job"/> between); the job files and a shared
/// queue write them from the object. Both must be the same bytes, for any row the queue can hold.
/// </summary>
public sealed class StatusJsonTests
{
    private static readonly string[] Texts =
    [
        "", "plain", "quote \" and back\\slash", "tab\tnew\nline\r", "<html> & 'single'", "ünïcödé — dash", "emoji 🚀 in text",
        "control \u0001\u001f", "a longer prompt: " + new string('x', 500), "中文字符",
    ];

    [Fact]
    public void The_rows_written_straight_from_SQLite_are_the_bytes_the_objects_make()
    {
        using var q = new QueueFixture();
        var random = new Random(20261124);
        var jobs = q.Queue.Enqueue([.. Enumerable.Range(0, 300).Select(i => new JobRequest(i % 3 == 0 ? "implementer" : "reviewer", Pick(random), i % 4 == 0 ? null : "sim", i % 3 == 0, i % 5 == 1 ? "42" : null))]);
        var states = Enum.GetValues<JobState>();
        var store = new SqliteQueueStore(q.Store);
        foreach (var job in jobs.Where((_, i) => i % 5 != 0))
        {
            var at = QueueFixture.Start.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay)).AddSeconds(random.Next(2) == 0 ? 0 : 0.5);
            var whole = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
            var state = states[random.Next(states.Length)];
            store.UpdateJob(job with
            {
                State = state,
                Attempts = random.Next(5),
                NotBefore = whole,
                Started = random.Next(2) == 0 ? null : at,
                Ended = random.Next(2) == 0 ? null : at.AddMilliseconds(random.Next(100_000)),
                Generation = random.NextInt64(0, long.MaxValue),
                LeaseOwner = random.Next(2) == 0 ? null : "pid 42 on " + Pick(random),
                LeaseExpires = random.Next(3) == 0 ? null : at.AddMinutes(30),
                Heartbeat = random.Next(2) == 0 ? null : at.AddTicks(1),
                Reason = random.Next(2) == 0 ? null : Pick(random),
                Failure = random.Next(2) == 0 ? null : Pick(random),
                Evidence = random.Next(3) == 0 ? null : new JobEvidence([.. Enumerable.Range(0, random.Next(3)).Select(i => $"{i:x40}")], [Pick(random)], random.Next(2) == 0 ? null : "https://example.com/pr/1"),
                History = [.. Enumerable.Range(1, random.Next(3)).Select(n => new JobAttempt(n, at, at.AddSeconds(n), "retry", random.Next(2) == 0 ? null : Pick(random)))],
                Usage = new JobUsage(random.NextInt64(0, 1_000_000), random.Next(50_000), random.Next(3) == 0 ? null : random.Next(100_000) / 10_000m),
            });
        }

        Assert.Equal(Status(s => QueueJson.WriteStatus(s, q.Queue.State, q.Queue.Counts, q.Queue.Jobs, true)), Status(s => q.Queue.WriteStatus(s, true, null)));
        Assert.Contains("\"jobs\": [", Status(s => q.Queue.WriteStatus(s, true, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_counts_agree_with_the_jobs_listed()
    {
        using var q = new QueueFixture();
        q.Queue.Enqueue([.. Enumerable.Range(0, 7).Select(i => new JobRequest("reviewer", $"job {i}", null, false))]);
        var claimed = q.Queue.Claim("runner");

        var status = System.Text.Json.Nodes.JsonNode.Parse(Status(s => q.Queue.WriteStatus(s, true, null)))!;

        Assert.NotNull(claimed);
        Assert.Equal(6, (int)status["counts"]!["pending"]!);
        Assert.Equal(1, (int)status["counts"]!["running"]!);
        Assert.Equal(7, status["jobs"]!.AsArray().Count);
    }

    private static string Pick(Random random) => Texts[random.Next(Texts.Length)];

    private static string Status(Action<Stream> write)
    {
        using var output = new MemoryStream();
        write(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
