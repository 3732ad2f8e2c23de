using System.Globalization;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The queue's soak: two runners in two checkouts of one team share a PostgreSQL queue for IAS_SOAK_MINUTES (30 in
/// scripts/soak.sh) while a third checkout, the person's, keeps jobs coming and answers the agents' questions. The
/// simulated agent's mixed scenario (successes, transient failures, crashes, usage limits, questions, jobs that must fail)
/// meets a PostgreSQL restart, a SIGHUP to the runner in a terminal, a SIGSTOP past its lease of the other, and `kill -9`
/// of each at random moments, on a schedule drawn from a seed (IAS_SOAK_SEED replays it). Then the runners drain the queue
/// and stop, and every job must have ended done or failed exactly once with its reason, within the spend and call caps.
/// </summary>
public sealed partial class SoakTests(ITestOutputHelper output)
{
    private const string Run = "night";

    // Attempts a job gets: a transient failure or two, and a kill or two, still leave it one.
    private const int MaxAttempts = 4;

    // A twelve-second lease, renewed every four: a frozen runner's job is taken over soon.
    private const double LeaseMinutes = 0.2;

    // Every other agent line waits this long: a turn takes a few seconds, so kills, hang-ups and freezes land inside turns.
    private const int SlowMs = 250;

    private const int UsageLimitResetSeconds = 6;

    // Jobs kept pending or running while the soak adds them: both runners always have work.
    private const int Backlog = 6;

    // How many jobs a minute of the soak ends on a 2-core machine (525 in 30 minutes): the chaos falls at job counts drawn
    // as shares of the soak's length times this, so the schedule follows the queue's progress, not the clock.
    private const double JobsPerMinute = 17;

    // The caps. A sim agent's call costs a third of a cent: the run's cap is reached about every eighty jobs and each
    // checkout's cap for the day about every hundred and twenty it runs; each time both runners have stopped at a cap, the
    // person raises both caps by a step, as the stop line tells them to, so the soak stops at its caps several times. The
    // calls per hour of each checkout are near what it makes in half an hour, never reached.
    private const decimal RunCapStep = 0.40m;
    private const decimal DailyCapStep = 0.30m;

    // How long the drain may take once no job is added: a runner at the hourly limit would wait for the hour's end.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(65);

    /// <summary>Calls per hour for each checkout: twenty-five a minute of the soak, more than a 2-core machine makes.</summary>
    private static int CallsPerHour(double minutes) => Math.Max(60, (int)Math.Ceiling(25 * minutes));

    [SoakFact]
    public async Task Two_runners_sharing_a_PostgreSQL_queue_through_a_restart_a_hang_up_a_freeze_and_kills_end_every_job_once_within_the_caps()
    {
        Tmux.AssertInstalled();
        var live = Environment.GetEnvironmentVariable(SoakFactAttribute.LogVariable);
        var said = new object();
        void Say(string line)
        {
            output.WriteLine(line);
            if (!string.IsNullOrEmpty(live))
            {
                lock (said)
                {
                    File.AppendAllText(live, line + "\n");
                }
            }
        }

        var minutes = double.Parse(Environment.GetEnvironmentVariable(SoakFactAttribute.MinutesVariable)!, CultureInfo.InvariantCulture);
        Assert.True(minutes >= 1, $"{SoakFactAttribute.MinutesVariable} must be at least 1 (got {minutes})");
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SoakFactAttribute.SeedVariable), out var s) ? s : Random.Shared.Next();
        Say($"soak: {minutes:0.#} minutes, seed {seed} ({SoakFactAttribute.SeedVariable}={seed} replays it)");

        // A cluster of its own: the soak stops and starts its server.
        using var cluster = PostgresCluster.Start();
        var random = new Random(seed);
        var plan = Plan(random, count: (int)(80 * minutes) + 200, MaxAttempts);
        using var team = await TeamQueue.CreateAsync(cluster.CreateDatabase(), clones: 3, QueueYaml, Run, IasYaml(RunCapStep, DailyCapStep), TopYaml(CallsPerHour(minutes)));
        await team.ScenarioAsync(Scenario(plan, SlowMs, UsageLimitResetSeconds));

        var soak = new Soak(team, cluster, plan, TimeSpan.FromMinutes(minutes), new Random(random.Next()), Say) { CallsPerHour = CallsPerHour(minutes) };
        await using (soak)
        {
            await soak.RunAsync();
        }

        var problems = await CheckAsync(soak);
        foreach (var line in Table(soak, seed))
        {
            Say(line);
        }

        foreach (var problem in problems)
        {
            Say($"soak: problem: {problem}");
        }

        Assert.True(problems.Count == 0, $"seed {seed}: {problems.Count} problem(s):\n{string.Join("\n", problems)}");
        Say($"soak: passed: {soak.Ended.Count} jobs, each done or failed exactly once with its reason; spend and calls within their caps; nothing left running");
    }

    private static string QueueYaml => string.Create(CultureInfo.InvariantCulture,
        $"    lease_minutes: {LeaseMinutes}\n    retry: {{ max_attempts: {MaxAttempts}, backoff_seconds: 1, max_backoff_seconds: 4 }}\n");

    /// <summary>What the config holds under ias besides the queue: the caps, and no notifications on the soak's machine.</summary>
    private static string IasYaml(decimal runCap, decimal dailyCap) => string.Create(CultureInfo.InvariantCulture,
        $"  budget: {{ run_usd: {runCap}, daily_usd: {dailyCap} }}\n  notify: {{ bell: false, desktop: false, tmux: false }}\n");

    private static string TopYaml(int callsPerHour) => string.Create(CultureInfo.InvariantCulture,
        $"run_mode:\n  rate_limiting: {{ calls_per_hour: {callsPerHour} }}\n  git: {{ create_draft_pr: false }}\n");

    /// <summary>Every way the soak's end could be wrong, one line each; none when it passed.</summary>
    private static async Task<List<string>> CheckAsync(Soak soak)
    {
        var team = soak.Team;
        var problems = new List<string>(soak.Problems);
        var status = await team.StatusAsync(2);
        var jobs = status["jobs"]!.AsArray().Select(j => j!.AsObject()).ToList();
        soak.Ended = jobs;

        // Every job the person enqueued is there, in order, and none more.
        var expectedIds = soak.Plan.Take(soak.Enqueued).Select(p => p.Id).ToList();
        var ids = jobs.Select(j => (string)j["id"]!).ToList();
        if (!ids.SequenceEqual(expectedIds))
        {
            problems.Add($"the queue holds {ids.Count} jobs, the person enqueued {expectedIds.Count}: {string.Join(", ", ids.Except(expectedIds).Concat(expectedIds.Except(ids)).Take(10))}");
        }

        var counts = status["counts"]!.AsObject();
        foreach (var state in new[] { "pending", "running", "blocked" })
        {
            if ((int)counts[state]! != 0)
            {
                problems.Add($"{counts[state]} job(s) left {state}");
            }
        }

        var said = string.Join("\n", soak.Runners.Select(r => r.AllOutput));
        var branches = await team.RemoteBranchesAsync();
        var jobBranches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var id = (string)job["id"]!;
            var state = (string)job["state"]!;
            var history = job["history"]!.AsArray().Select(h => (Outcome: (string)h!["outcome"]!, Reason: (string?)h["reason"])).ToList();
            var dones = history.Count(h => h.Outcome == "done");
            var doneLines = CountLines(said, $"job {id} done: ");
            var planned = soak.Plan[(int)job["seq"]! - 1];
            var chaos = history.Count(h => h.Outcome is "lease_expired" or "recovered" or "handed_back");
            if (state == "done")
            {
                if (dones != 1 || history.Any(h => h.Outcome == "failed") || doneLines > 1)
                {
                    problems.Add($"job {id} is done with {dones} done record(s) in its history and {doneLines} runner line(s) saying so: {Outcomes(history)}");
                }

                // A job planned to fail ends done only when a hang-up gave an attempt back uncounted after its agent failed it.
                if (planned.EndsFailed && !history.Any(h => h.Outcome == "handed_back"))
                {
                    problems.Add($"job {id} ({planned.Trouble}) should have failed, yet is done: {Outcomes(history)}");
                }

                if ((bool)job["writes"]!)
                {
                    var branch = $"ias/{Run}/{id}";
                    jobBranches.Add(branch);
                    var evidence = job["evidence"]?["commits"]?.AsArray().Select(c => (string)c!).ToList() ?? [];
                    var commits = branches.Contains(branch) ? Lines(await team.RemoteGitAsync("rev-list", $"main..{branch}")) : [];
                    if (commits.Count != 1 || !evidence.SequenceEqual(commits))
                    {
                        problems.Add($"writing job {id}: its branch on the remote has {commits.Count} commit(s) over main ({string.Join(", ", commits)}), its evidence names {string.Join(", ", evidence)}");
                    }
                }
            }
            else if (state == "failed")
            {
                var reason = (string?)job["reason"];
                var failure = (string?)job["failure"];
                if (dones != 0 || doneLines != 0 || string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(failure) || job["ended"] is null)
                {
                    problems.Add($"job {id} failed with {dones} done record(s), {doneLines} runner line(s) saying done, failure \"{failure}\", reason \"{reason}\": {Outcomes(history)}");
                }
                else if (planned.EndsFailed ? failure != planned.PlannedFailure && chaos == 0 : chaos == 0)
                {
                    // A job planned to be done fails only when the chaos took its attempts.
                    problems.Add($"job {id} ({planned.Trouble}) failed with {failure}: {reason}: {Outcomes(history)}");
                }
            }
            else
            {
                problems.Add($"job {id} ended {state}: {Outcomes(history)}");
            }
        }

        var others = branches.Where(b => b != "main" && !jobBranches.Contains(b)).ToList();
        if (others.Count > 0)
        {
            problems.Add($"branches on the remote of no done writing job: {string.Join(", ", others)}");
        }

        // Spend: the queue's, as its jobs record it (every attempt whose result was recorded), under the run's cap in force;
        // each checkout's calls, as its ias.db records them (those whose results another claim refused too), under the day's.
        soak.Spent = jobs.Sum(j => (decimal?)j["usage"]?["cost_usd"] ?? 0m);
        if (soak.Spent > soak.RunCap)
        {
            problems.Add($"the run spent {SpendCaps.Money(soak.Spent)}, over its cap of {SpendCaps.Money(soak.RunCap)}");
        }

        foreach (var machine in new[] { 0, 1 })
        {
            var (calls, today, window) = Recorded(team, machine);
            soak.CallsRecorded[machine] = calls.Count;
            soak.SpentRecorded[machine] = calls.Sum(c => c.CostUsd);
            soak.SpentToday[machine] = today;
            if (today > soak.DailyCap)
            {
                problems.Add($"machine-{machine} spent {SpendCaps.Money(today)} today, over its cap of {SpendCaps.Money(soak.DailyCap)}");
            }

            // Each hour's calls as ias.db recorded them (a killed call is not there), and the hour's count the gate kept.
            var busiest = calls.GroupBy(c => c.Started.UtcDateTime.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture)).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            soak.BusiestHour[machine] = Math.Max(soak.BusiestHour[machine], Math.Max(busiest, window?.CallsThisHour ?? 0));
            if (soak.BusiestHour[machine] > soak.CallsPerHour)
            {
                problems.Add($"machine-{machine} made {soak.BusiestHour[machine]} calls in one hour, over its limit of {soak.CallsPerHour}");
            }
        }

        foreach (var clone in team.Clones)
        {
            try
            {
                ChaosTests.AssertNoProcessIn(clone, "soak");
            }
            catch (Xunit.Sdk.XunitException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems;
    }

    /// <summary>A checkout's agent calls of the run, as its ias.db recorded them, what it spent today, and its hour's window.</summary>
    private static (IReadOnlyList<AgentCallRecord> Calls, decimal Today, RateLimitSnapshot? Window) Recorded(TeamQueue team, int machine)
    {
        using var store = RunStore.Open(new RunPaths(team.Clones[machine]).Database);
        var records = new RunRecords(store);
        var now = DateTimeOffset.UtcNow;
        var today = records.AgentCallsSince(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero)).Sum(c => c.CostUsd);
        return (records.AgentCalls(QueueGate.BreakerKey(team.Run)), today, new SafetyStore(store).LoadRateLimit());
    }

    /// <summary>The result table, as docs/testing.md shows it.</summary>
    private static IEnumerable<string> Table(Soak soak, int seed)
    {
        var jobs = soak.Ended;
        var done = jobs.Count(j => (string)j["state"]! == "done");
        var failed = jobs.Where(j => (string)j["state"]! == "failed").ToList();
        var history = jobs.SelectMany(j => j["history"]!.AsArray().Select(h => (string)h!["outcome"]!)).ToList();
        var byFailure = failed.GroupBy(j => (string?)j["failure"] ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        var attempts = jobs.Sum(j => (int)j["attempts"]!);
        string Count(string outcome) => history.Count(h => h == outcome).ToString(CultureInfo.InvariantCulture);
        var rows = new (string, string)[]
        {
            ("seed", seed.ToString(CultureInfo.InvariantCulture)),
            ("duration", $"{soak.Length.TotalMinutes:0.#} min of jobs added, then {soak.Drained.TotalMinutes:0.#} min to drain ({soak.Elapsed.TotalMinutes:0.#} min in all)"),
            ("jobs", $"{jobs.Count}: {done} done, {failed.Count} failed ({string.Join(", ", byFailure)}), each ended exactly once; 0 left pending, running or blocked"),
            ("attempts", $"{attempts} counted; {Count("retry")} retried, {Count("parked")} parked by a usage limit, {Count("asked")} asked a person, {Count("recovered")} given back after a kill, {Count("lease_expired")} after a lease ran out, {Count("handed_back")} handed back"),
            ("questions", $"{soak.Answered} answered by the person's script"),
            ("PostgreSQL", $"{soak.Restarts} restart(s), down {soak.Down.TotalSeconds:0} s; {soak.Ridden} outage(s) ridden out by a runner"),
            ("kill -9", string.Join(", ", soak.Runners.Select(r => $"{soak.Kills[r.Machine]} of {r.Name}"))),
            ("SIGHUP", soak.HangUps),
            ("SIGSTOP/SIGCONT", soak.Freezes),
            ("blows not reached", soak.Unreached.Count == 0 ? "none" : string.Join(", ", soak.Unreached)),
            ("runner starts", string.Join(", ", soak.Runners.Select(r => $"{r.Starts} in {r.Name}")) + $"; {soak.BreakerTrips} after a breaker trip (--reset-breaker)"),
            ("run spend vs cap", $"{SpendCaps.Money(soak.Spent)} of {SpendCaps.Money(soak.RunCap)} (ias.budget.run_usd)"),
            ("day's spend vs cap", string.Join(", ", new[] { 0, 1 }.Select(m => $"machine-{m}: {SpendCaps.Money(soak.SpentToday[m])} of {SpendCaps.Money(soak.DailyCap)}")) + " (ias.budget.daily_usd)"),
            ("stops at a cap", $"{soak.CapStops.Count} ({soak.CapStops.Count(c => c.Contains("run_usd", StringComparison.Ordinal))} at the run's, {soak.CapStops.Count(c => c.Contains("daily_usd", StringComparison.Ordinal))} at a checkout's day), each with both runners stopped before their next job and the spend within the caps; the person raised them by {SpendCaps.Money(RunCapStep)} and {SpendCaps.Money(DailyCapStep)} each time"),
            ("calls recorded", string.Join(", ", new[] { 0, 1 }.Select(m => $"machine-{m}: {soak.CallsRecorded[m]} calls, {SpendCaps.Money(soak.SpentRecorded[m])}"))),
            ("calls per hour", string.Join(", ", new[] { 0, 1 }.Select(m => $"machine-{m}: at most {soak.BusiestHour[m]} of {soak.CallsPerHour}")) + " (run_mode.rate_limiting.calls_per_hour)"),
        };
        yield return "soak: | | |";
        yield return "soak: | --- | --- |";
        foreach (var (what, value) in rows)
        {
            yield return $"soak: | {what} | {value} |";
        }
    }

    private static int CountLines(string text, string start)
    {
        var n = 0;
        for (var at = text.IndexOf(start, StringComparison.Ordinal); at >= 0; at = text.IndexOf(start, at + start.Length, StringComparison.Ordinal))
        {
            n += at == 0 || text[at - 1] == '\n' ? 1 : 0;
        }

        return n;
    }

    private static string Outcomes(IEnumerable<(string Outcome, string? Reason)> history) =>
        string.Join("; ", history.Select(h => h.Reason is null ? h.Outcome : $"{h.Outcome} ({h.Reason})"));

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
