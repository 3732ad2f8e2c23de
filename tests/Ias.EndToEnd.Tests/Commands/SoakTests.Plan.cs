using System.Text.Json;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The soak's jobs, drawn from its seed before it starts: each job's role and what its agent does to it.</summary>
public sealed partial class SoakTests
{
    /// <summary>What a job's agent does besides its work; the mixed scenario.</summary>
    private enum Trouble
    {
        /// <summary>Its work, a little slowly, so kills land inside turns.</summary>
        None,

        /// <summary>529 Overloaded on its first one or two calls: retried with backoff, then done.</summary>
        Transient,

        /// <summary>Crashes on its first call without a result: retried, then done.</summary>
        Crash,

        /// <summary>The account's usage limit on its first call: the queue parks until the reset, the attempt given back, then done.</summary>
        UsageLimit,

        /// <summary>Asks a person with `ias ask`; the soak's person answers, and the job's runner resumes it to done.</summary>
        Question,

        /// <summary>An invalid API key on every call: failed at once, "retrying cannot help".</summary>
        Permanent,

        /// <summary>529 Overloaded on every attempt it gets: failed after ias.queue.retry.max_attempts.</summary>
        Exhausted,
    }

    private sealed record PlannedJob(int Seq, string Role, Trouble Trouble, int Times)
    {
        public string Id => $"{Seq:0000}-{Role}";

        /// <summary>Whether the job's own scenario ends it failed; chaos may end others so (a job killed at every attempt).</summary>
        public bool EndsFailed => Trouble is Trouble.Permanent or Trouble.Exhausted;

        /// <summary>Its failure's class as the job records it, when it ends failed as planned.</summary>
        public string PlannedFailure => Trouble == Trouble.Permanent ? "auth" : "transient";
    }

    // Writing jobs and read-only ones, about half each.
    private static readonly (string Role, int Weight)[] Roles = [("implementer", 5), ("reviewer", 3), ("auditor", 2)];

    // Out of a hundred jobs: most only work, a third meet a failure their retry mends or a question, one in twelve fails.
    private static readonly (Trouble Trouble, int Weight)[] Troubles =
    [
        (Trouble.None, 56), (Trouble.Transient, 14), (Trouble.Crash, 5), (Trouble.UsageLimit, 5), (Trouble.Question, 12),
        (Trouble.Permanent, 4), (Trouble.Exhausted, 4),
    ];

    /// <summary><paramref name="count"/> jobs from <paramref name="random"/>, numbered from 1 as the queue numbers them.</summary>
    private static List<PlannedJob> Plan(Random random, int count, int maxAttempts) =>
        [.. Enumerable.Range(1, count).Select(seq =>
        {
            var role = Pick(random, Roles);
            var trouble = Pick(random, Troubles);
            var times = trouble switch
            {
                Trouble.Transient => random.Next(1, 3),
                Trouble.Exhausted => maxAttempts,
                Trouble.Crash or Trouble.UsageLimit => 1,
                _ => 0,
            };
            return new PlannedJob(seq, role, trouble, times);
        })];

    /// <summary>
    /// The simulated agent's scenario for <paramref name="plan"/>: each job's trouble by its role and number (the cycle of a
    /// queue job's agent), counted with times where a retry must get past it, then every other call slow.
    /// </summary>
    private static string Scenario(IReadOnlyList<PlannedJob> plan, int slowMs, int usageLimitResetSeconds)
    {
        var fail = new List<object>();
        var ask = new List<object>();
        foreach (var job in plan)
        {
            switch (job.Trouble)
            {
                case Trouble.Transient or Trouble.Exhausted:
                    fail.Add(new { role = job.Role, cycle = job.Seq, mode = "overloaded", times = job.Times });
                    break;
                case Trouble.Crash:
                    fail.Add(new { role = job.Role, cycle = job.Seq, mode = "crash", times = job.Times });
                    break;
                case Trouble.UsageLimit:
                    fail.Add(new { role = job.Role, cycle = job.Seq, mode = "usage_limit", times = job.Times });
                    break;
                case Trouble.Permanent:
                    fail.Add(new { role = job.Role, cycle = job.Seq, mode = "auth" });
                    break;
                case Trouble.Question:
                    ask.Add(new { role = job.Role, cycle = job.Seq, question = $"Job {job.Id}: keep the greeting short?" });
                    break;
                default:
                    break;
            }
        }

        fail.AddRange(Roles.Select(r => new { role = r.Role, mode = "slow" }));
        return JsonSerializer.Serialize(new { slow_ms = slowMs, usage_limit_reset_seconds = usageLimitResetSeconds, fail, ask });
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] weighted)
    {
        var n = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if ((n -= weight) < 0)
            {
                return value;
            }
        }

        throw new InvalidOperationException("unreachable: the weights sum to more than the draw");
    }
}
