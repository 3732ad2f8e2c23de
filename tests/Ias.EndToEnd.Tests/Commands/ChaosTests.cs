using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// Crash chaos: a four-cycle sprint, a plan of two such sprints, and a queue of seven jobs, with the simulated agent, the engine (or
/// the queue's runner) or the agent's process group killed with SIGKILL at random moments and resumed, again and again. IAS_CHAOS_KILLS sets how many kills (10 here,
/// 100 in scripts/chaos.sh); IAS_CHAOS_SEED replays a failure, and every failure message carries the seed.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    // Review finds something in cycles 1 and 2, audit in cycle 3: four cycles, eleven agent calls, each a little slow
    // so that kills land inside agent turns as well as between them.
    private const string Plan = """
        {"review_findings_cycles": [1, 2], "audit_findings_cycles": [3], "slow_ms": 15,
         "fail": [{"role": "implementer", "mode": "slow"}, {"role": "reviewer", "mode": "slow"}, {"role": "auditor", "mode": "slow"}]}
        """;

    // The queue: writing and read-only jobs in turn, each turn slowed by the plan above.
    private static readonly (string Role, string Prompt)[] QueueJobs =
    [
        ("implementer", "Build the greeting."),
        ("reviewer", "Review the greeting."),
        ("implementer", "Validate the name."),
        ("auditor", "Audit the validation."),
        ("implementer", "Log the greeting."),
        ("reviewer", "Review the logging."),
        ("implementer", "Document the greeting."),
    ];

    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    [Fact]
    public Task Killing_the_engine_or_the_agent_at_random_moments_and_resuming_reaches_the_uninterrupted_final_state() =>
        SprintChaosAsync("sprint", "sprint-1");

    [Fact]
    public Task Killing_the_engine_or_the_agent_of_a_two_sprint_plan_and_resuming_reaches_the_uninterrupted_final_state() =>
        SprintChaosAsync("sprint plan", "sprint-plan");

    /// <summary>`ias run TARGET` killed and resumed (`ias run-resume`) until it ends; every run must end as an uninterrupted one does.</summary>
    private async Task SprintChaosAsync(string what, string target)
    {
        var (kills, seed, random) = Settings(output, what);

        using var reference = new TestRepo();
        var referenceEnv = await Scenario.WriteAsync(reference, Plan);
        var uninterrupted = await reference.IasAsync(referenceEnv, "run", target, "--headless");
        Assert.True(uninterrupted.Code == 0, uninterrupted.Out + uninterrupted.Err);
        var expected = await FinalStateAsync(reference);

        var done = 0;
        var runs = 0;
        while (done < kills)
        {
            runs++;
            using var repo = new TestRepo();
            var env = await Scenario.WriteAsync(repo, Plan);
            var context = $"seed {seed}, run {runs}";
            done += await ChaosRunAsync(repo, env, target, random, kills - done, context);
            Assert.Equal(expected, await FinalStateAsync(repo));
            AssertMirrorAgreesWithDatabase(repo, context);
            AssertNoProcessIn(repo.Path, context);
        }

        output.WriteLine($"chaos: {done} kills over {runs} {what} run(s), every run reached the uninterrupted final state");
    }

    [Fact]
    public async Task Killing_the_queue_runner_or_its_agent_at_random_moments_then_recover_and_run_loop_finish_every_job_exactly_once()
    {
        var (kills, seed, random) = Settings(output, "queue");

        using var reference = await QueueRunAsync();
        await reference.OkAsync("run-loop", "--run", reference.Run, "--stop-when-idle");
        var expected = await QueueFinalStateAsync(reference, "uninterrupted");

        var done = 0;
        var runs = 0;
        while (done < kills)
        {
            runs++;
            using var repo = await QueueRunAsync();
            var context = $"seed {seed}, queue run {runs}";
            done += await QueueChaosRunAsync(repo, random, kills - done, context);
            var actual = await QueueFinalStateAsync(repo, context);
            Assert.True(expected == actual, $"{context}: the queue ended\n{actual}\nan uninterrupted run ends\n{expected}\n"
                + await DemoTests.Git(repo.Path, "log", "--stat", "--format=%h %s", $"main..{repo.Branch}") + (await repo.JobsAsync()).Values.Select(j => $"{j["id"]} {j["history"]?.ToJsonString()}").Aggregate("", (a, b) => a + "\n" + b));
            await repo.AssertMirrorAgreesAsync();
            AssertNoProcessIn(repo.Path, context);
        }

        output.WriteLine($"chaos: {done} kills over {runs} queue run(s), every job done exactly once with the commits of an uninterrupted run");
    }

    /// <summary>IAS_CHAOS_KILLS (default 10) and IAS_CHAOS_SEED (default random), printed so a failure can be replayed.</summary>
    internal static (int Kills, int Seed, Random Random) Settings(ITestOutputHelper output, string what)
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("IAS_CHAOS_KILLS"), out var k) ? k : 10;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("IAS_CHAOS_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"chaos: {what}, {kills} kills, seed {seed} (IAS_CHAOS_SEED={seed} replays it)");
        return (kills, seed, new Random(seed));
    }

    /// <summary>
    /// A run of seven jobs, writing and read-only, every agent turn a little slow; retries wait little (the backoff capped at
    /// a second, however often one job is killed), and neither they nor the breaker are used up by the kills.
    /// </summary>
    /// <remarks>
    /// Three kills of one job's agent in a row are the same crash three times, which trips the run's breaker (as it should:
    /// its own tests hold that); a seed that kills so is a test of the kills, not of the breaker.
    /// </remarks>
    private static async Task<QueueRepo> QueueRunAsync()
    {
        var repo = await QueueRepo.CreateAsync(
            queueYaml: "    retry: { max_attempts: 1000, backoff_seconds: 0.05, max_backoff_seconds: 1 }\n",
            agentsYaml: "  default: { agent: sim }\nrun_mode:\n  circuit_breaker: { same_issue_threshold: 1000, no_progress_threshold: 1000 }\n");
        await repo.ScenarioAsync(Plan);
        foreach (var (role, prompt) in QueueJobs)
        {
            await repo.EnqueueAsync(role, prompt);
        }

        return repo;
    }

    /// <summary>Runs the queue until every job is done, killing the runner or its agent's group at random moments (at most <paramref name="budget"/> times) and resuming with `ias recover` + `ias run-loop`; returns the kills made.</summary>
    private async Task<int> QueueChaosRunAsync(QueueRepo repo, Random random, int budget, string context)
    {
        var kills = 0;
        var floor = new Dictionary<string, int>();
        // Each engine is bounded by RunLimit, and so is the whole run once the kills are spent; a hundred restarts on a
        // busy machine take their own time, which is not what is tested.
        var sinceLastKill = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(sinceLastKill.Elapsed < RunLimit, $"{context}: the queue did not finish within {RunLimit} of its last kill");
            await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
            var exited = runner.ExitAsync(RunLimit);
            var killed = false;
            while (kills < budget && !exited.IsCompleted)
            {
                // The kill moment is the point of the test: after a seeded random number of the runner's own progress lines
                // (a job started, its agent's session, a job done), each a moment something is happening in it.
                if (!await MoreLinesAsync(runner, random.Next(1, 4), exited))
                {
                    break;
                }

                if (random.Next(3) == 0)
                {
                    // Only a kill that hit a live agent group counts; between jobs there is none, and the runner is left alone.
                    if (PidFile(repo.Path, ".run", "queue", repo.Run + ".agent.pid") is { } group && Kill("-9", "--", $"-{group}"))
                    {
                        output.WriteLine($"{context}: kill {kills + 1}: agent group {group}");
                        kills++;
                        sinceLastKill.Restart();
                    }

                    continue;
                }

                runner.Kill9();
                output.WriteLine($"{context}: kill {kills + 1}: runner {runner.Pid}");
                killed = true;
                kills++;
                sinceLastKill.Restart();
                break;
            }

            var code = await exited;
            var jobs = await repo.JobsAsync();
            foreach (var (id, job) in jobs)
            {
                var attempts = (int)job["attempts"]!;
                Assert.True(attempts >= floor.GetValueOrDefault(id), $"{context}: job {id}'s attempts went backwards: {floor.GetValueOrDefault(id)} then {attempts}");
                floor[id] = attempts;
            }

            AssertRunnerFilesParse(repo, context);
            if (killed)
            {
                // The user's way back after a crash: recover stops the orphaned agent and returns its job to pending.
                var recovered = await repo.IasAsync("recover", "--run", repo.Run);
                Assert.True(recovered.Code == 0, $"{context}: recover exit {recovered.Code}\nstdout: {recovered.Out}\nstderr: {recovered.Err}");
                continue;
            }

            Assert.True(code == 0, $"{context}: run-loop exit {code}\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");
            return kills;
        }
    }

    /// <summary>
    /// What an uninterrupted queue ends with: every job done once (one "done" in its history), the commits git holds for
    /// each job and the ones its evidence names, its changed files, and the files on the branch by content.
    /// </summary>
    private static async Task<string> QueueFinalStateAsync(QueueRepo repo, string context)
    {
        var jobs = await repo.JobsAsync();
        var log = (await DemoTests.Git(repo.Path, "log", "--format=%H %s", $"main..{repo.Branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tree = await DemoTests.Git(repo.Path, "ls-tree", "-r", repo.Branch, "sim");
        var perJob = jobs.Values.OrderBy(j => (string)j["id"]!, StringComparer.Ordinal).Select(j =>
        {
            var id = (string)j["id"]!;
            var commits = log.Where(l => l.Contains($" job {id} ", StringComparison.Ordinal)).Select(l => l[..40]).ToList();
            var evidence = j["evidence"]?["commits"]?.AsArray().Select(c => (string)c!).ToList() ?? [];
            Assert.True(evidence.All(commits.Contains), $"{context}: job {id}'s evidence names commits {string.Join(", ", evidence)}, git has {string.Join(", ", commits)}");
            return new
            {
                id,
                state = (string)j["state"]!,
                done_records = j["history"]!.AsArray().Count(h => (string)h!["outcome"]! == "done"),
                commits = commits.Count,
                evidence_commits = evidence.Count,
                changed_files = j["evidence"]?["changed_files"]?.AsArray().Select(f => (string)f!).Order(StringComparer.Ordinal),
            };
        });
        return JsonSerializer.Serialize(new { jobs = perJob.ToList(), other_commits = log.Count(l => !l.Contains(" job ", StringComparison.Ordinal)), tree });
    }

    /// <summary>Every file of the runner folder parses as JSON after a kill (they are written atomically).</summary>
    private static void AssertRunnerFilesParse(QueueRepo repo, string context)
    {
        foreach (var path in Directory.EnumerateFiles(repo.RunnerDir, "*.json", SearchOption.AllDirectories))
        {
            try
            {
                using var _ = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                Assert.Fail($"{context}: {Path.GetRelativePath(repo.RunnerDir, path)} does not parse after a kill: {e.Message}");
            }
            catch (FileNotFoundException)
            {
                // Moved by the mirror between listing and reading: a job that changed folder.
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="count"/> more progress lines of <paramref name="process"/>; false when it exits first. A
    /// process that prints nothing for a while (a runner waiting for a retry to come due) is waited on to its exit.
    /// </summary>
    private static async Task<bool> MoreLinesAsync(IasProcess process, int count, Task<int> exited)
    {
        var lines = process.NextLinesAsync(count, RunLimit);
        return await Task.WhenAny(lines, exited) == lines && await lines;
    }

    /// <summary>Runs the sprint to its end, killing at random moments (at most <paramref name="budget"/> times); returns the kills made.</summary>
    private async Task<int> ChaosRunAsync(TestRepo repo, Dictionary<string, string> env, string target, Random random, int budget, string context)
    {
        var kills = 0;
        var floor = new Counters(0, 0, 0, default);
        // Each engine is bounded by RunLimit, and so is the whole run once the kills are spent; a hundred restarts on a
        // busy machine take their own time, which is not what is tested.
        var sinceLastKill = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(sinceLastKill.Elapsed < RunLimit, $"{context}: the run did not finish within {RunLimit} of its last kill");

            // Killed before pre-flight passed, there is nothing to resume: the user starts the sprint again. A plan whose
            // file is written is resumed whatever its sprint's run got to, as `ias run sprint-plan` then tells the user.
            var planStarted = File.Exists(repo.File(".run", "sprint-plan-state.json"));
            string[] args = !planStarted && ReadState(repo) is null or RunState.Ready or RunState.JackIn ? ["run", target, "--headless"] : ["run-resume", "--headless"];
            await using var engine = IasProcess.Start(repo.Path, env, args);
            var exited = engine.ExitAsync(RunLimit);
            var killed = false;
            while (kills < budget && !exited.IsCompleted)
            {
                // The kill moment is the point of the test: after a seeded random number of the engine's own progress lines
                // (a transition, an agent's session, a commit), each a moment something is happening in it.
                if (!await MoreLinesAsync(engine, random.Next(1, 4), exited))
                {
                    break;
                }

                var agent = random.Next(3) == 0 ? PidFile(repo.Path, ".run", "agent.pid") : null;
                if (agent is { } group)
                {
                    Kill("-9", "--", $"-{group}");
                    output.WriteLine($"{context}: kill {kills + 1}: agent group {group}");
                }
                else
                {
                    engine.Kill9();
                    output.WriteLine($"{context}: kill {kills + 1}: engine {engine.Pid}");
                    killed = true;
                }

                kills++;
                sinceLastKill.Restart();
                if (killed)
                {
                    break;
                }
            }

            var code = await exited;
            var counters = ReadCounters(repo);
            Assert.True(counters >= floor, $"{context}: counters went backwards: {floor} then {counters}");
            floor = counters;
            AssertStateFilesParse(repo, context);
            if (killed)
            {
                continue;
            }

            // Killing the agent three times in one phase halts the run; a resume goes on, as a user would.
            var state = ReadState(repo);
            Assert.True(code is 0 or 1, $"{context}: engine exit {code}\nstdout: {engine.Stdout}\nstderr: {engine.Stderr}");
            if (state == RunState.JackedOut)
            {
                return kills;
            }

            Assert.Equal(RunState.Halted, state);
        }
    }

    /// <summary>What an uninterrupted run ends with: state, cycles, the verdicts of every phase and the files on the branch, by content.</summary>
    /// <remarks>Commit subjects may differ: a killed implementer's partial edits are kept in a commit of their own ("agent changes").</remarks>
    private static async Task<string> FinalStateAsync(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var run = new RunRecords(store).CurrentRun()!;
        var tree = await DemoTests.Git(repo.Path, "ls-tree", "-r", run.Branch, "sim");
        var planFile = repo.File(".run", "sprint-plan-state.json");
        var plan = File.Exists(planFile) ? JsonDocument.Parse(File.ReadAllText(planFile)).RootElement : (JsonElement?)null;
        return JsonSerializer.Serialize(new
        {
            plan = plan is { } p
                ? $"{p.GetProperty("state").GetString()}: " + string.Join(", ", p.GetProperty("sprints").GetProperty("list").EnumerateArray().Select(x => $"{x.GetProperty("id").GetString()} {x.GetProperty("status").GetString()}"))
                : null,
            state = WireName.Of(run.State),
            run.CycleCurrent,
            history = run.CycleHistory.Select(h => $"c{h.Cycle} {WireName.Of(h.Phase)} {h.Findings}"),
            tree,
        });
    }

    private static void AssertMirrorAgreesWithDatabase(TestRepo repo, string context)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var run = new RunRecords(store).CurrentRun()!;
        var state = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;
        Assert.True(WireName.Of(run.State) == state.GetProperty("state").GetString(), $"{context}: state.json and the database disagree on the state");
        Assert.True(run.CycleCurrent == state.GetProperty("cycles").GetProperty("current").GetInt32(), $"{context}: state.json and the database disagree on the cycle");
        var breaker = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement;
        Assert.True(WireName.Of(new SafetyStore(store).LoadBreaker(run.RunId)!.State) == breaker.GetProperty("state").GetString(), $"{context}: circuit-breaker.json and the database disagree");
        var rate = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "rate-limit.json"))).RootElement;
        Assert.True(new SafetyStore(store).LoadRateLimit()!.CallsThisHour == rate.GetProperty("calls_this_hour").GetInt32(), $"{context}: rate-limit.json and the database disagree on calls");
    }

    private static void AssertStateFilesParse(TestRepo repo, string context)
    {
        foreach (var file in new[] { "state.json", "circuit-breaker.json", "rate-limit.json" })
        {
            var path = repo.File(".run", file);
            if (!File.Exists(path))
            {
                continue; // killed before the first mirror write
            }

            try
            {
                using var _ = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                Assert.Fail($"{context}: {file} does not parse after a kill: {e.Message}");
            }
        }
    }

    /// <summary>No process of the run is left: nothing runs with the repository as its working directory.</summary>
    internal static void AssertNoProcessIn(string repo, string context)
    {
        var left = Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Where(d =>
            {
                try
                {
                    return new DirectoryInfo(Path.Combine(d, "cwd")).LinkTarget == repo;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(left.Count == 0, $"{context}: processes still running in the repository: {string.Join(", ", left)}");
    }

    /// <summary>The process group an agent pid file names, or null when no agent runs now.</summary>
    private static int? PidFile(string repo, params string[] path)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine([repo, .. path])).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return text.Length > 0 && int.TryParse(text[0], CultureInfo.InvariantCulture, out var group) ? group : null;
        }
        catch (IOException)
        {
            return null; // no agent running right now
        }
    }

    private static RunState? ReadState(TestRepo repo)
    {
        if (!File.Exists(repo.File(".run", "ias.db")))
        {
            return null;
        }

        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        return new RunRecords(store).CurrentRun()?.State;
    }

    private static Counters ReadCounters(TestRepo repo)
    {
        if (!File.Exists(repo.File(".run", "ias.db")))
        {
            return new Counters(0, 0, 0, default);
        }

        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var runs = new RunRecords(store);
        var run = runs.CurrentRun();
        var rate = new SafetyStore(store).LoadRateLimit();
        return run is null
            ? new Counters(0, 0, 0, default)
            : new Counters(run.CycleCurrent, runs.AgentCalls(run.RunId).Count, rate?.CallsThisHour ?? 0, rate?.CurrentHour ?? default);
    }

    /// <summary>Runs kill(1); true when it signalled something.</summary>
    private static bool Kill(params string[] args)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", args) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd();
        return kill.WaitForExit(10_000) && kill.ExitCode == 0;
    }

    /// <summary>The counters that must never go backwards: the cycle, the recorded agent calls and the hour's call count.</summary>
    private sealed record Counters(int Cycle, int AgentCalls, int HourCalls, DateTimeOffset Hour)
    {
        // The hour's count restarts at the hour boundary, so it is compared only within one clock hour.
        public static bool operator >=(Counters a, Counters b) =>
            a.Cycle >= b.Cycle && a.AgentCalls >= b.AgentCalls && (a.HourCalls >= b.HourCalls || a.Hour != b.Hour);

        public static bool operator <=(Counters a, Counters b) => b >= a;
    }
}
