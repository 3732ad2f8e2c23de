using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The soak itself: the runners kept running, the person's checkout, the chaos, and what each did.</summary>
public sealed partial class SoakTests
{
    /// <summary>
    /// One soak: machine-0's runner in a terminal and machine-1's as a plain process, each started again whenever it ends
    /// (as its person would: again after a kill, with --reset-breaker after a trip, once the cap is raised after a stop at
    /// it); machine-2 is the person's, who enqueues and answers; the chaos follows its seeded schedule.
    /// </summary>
    private sealed partial class Soak(TeamQueue team, PostgresCluster cluster, IReadOnlyList<PlannedJob> plan, TimeSpan length, Random random, Action<string> say)
        : IAsyncDisposable
    {
        private const int Person = 2;

        // The runners' only control: started, stopped and raised one at a time.
        private readonly SemaphoreSlim _control = new(1, 1);
        private readonly CancellationTokenSource _end = new();
        private readonly Stopwatch _clock = new();
        private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
        private readonly List<string> _problems = [];
        private readonly SoakProgress _progress = new();
        private readonly TaskCompletionSource _addingOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _adding = true;
        private volatile bool _databaseDown;

        // When the server last came back from a restart: a runner started before it may have found it down.
        private TimeSpan _serverBack;
        private volatile bool _draining;

        public TeamQueue Team => team;

        public IReadOnlyList<PlannedJob> Plan => plan;

        public IReadOnlyList<SoakRunner> Runners { get; } = [new(team, 0, inTerminal: true), new(team, 1, inTerminal: false)];

        /// <summary>Problems seen while the soak ran: a runner's end nobody expected, spend past its cap, a failed step.</summary>
        public IReadOnlyList<string> Problems
        {
            get
            {
                lock (_problems)
                {
                    return [.. _problems];
                }
            }
        }

        public TimeSpan Length => length;

        public TimeSpan Elapsed => _clock.Elapsed;

        public TimeSpan Drained { get; private set; }

        public int Enqueued { get; private set; }

        public int Answered => _answered.Count;

        public decimal RunCap { get; private set; } = RunCapStep;

        public decimal DailyCap { get; private set; } = DailyCapStep;

        public int CallsPerHour { get; init; }

        public List<string> CapStops { get; } = [];

        public int[] Kills { get; } = new int[2];

        public int Restarts { get; private set; }

        public TimeSpan Down { get; private set; }

        public int BreakerTrips { get; private set; }

        public string HangUps { get; private set; } = "none";

        public string Freezes { get; private set; } = "none";

        /// <summary>The blows of the schedule the soak's jobs never reached.</summary>
        public List<string> Unreached { get; } = [];

        /// <summary>How many times a runner said its database was back after it lost it.</summary>
        public int Ridden => Runners.Sum(r => CountLines(r.AllOutput, $"runner of {Run}: its database is back after "));

        public List<JsonObject> Ended { get; set; } = [];

        public decimal Spent { get; set; }

        public int[] CallsRecorded { get; } = new int[2];

        public decimal[] SpentRecorded { get; } = new decimal[2];

        public decimal[] SpentToday { get; } = new decimal[2];

        public int[] BusiestHour { get; } = new int[2];

        /// <summary>Adds jobs for the soak's length under chaos, then lets the runners drain the queue and stops them.</summary>
        public async Task RunAsync()
        {
            _clock.Start();
            foreach (var runner in Runners)
            {
                await runner.StartAsync(_clock.Elapsed);
                Log($"started the runner of {runner.Name} (pid {runner.Pid})");
            }

            var loops = new[] { Loop("keeper", 500, KeepRunnersAsync), Loop("person", 2000, PersonAsync), Loop("rate", 10_000, WatchRateAsync) };
            var chaos = ChaosAsync(Schedule());
            try
            {
                // The person adds jobs for the soak's length and then says so.
                await Task.WhenAny(_addingOver.Task, Task.WhenAll(loops));
                _adding = false;
                Log($"no more jobs: {Enqueued} enqueued; the runners drain the queue");
                var drainStarted = _clock.Elapsed;
                await chaos.WaitAsync(_end.Token);
                await UntilAsync(QueueDrainedAsync, DrainLimit, "the queue to drain");
                await StopRunnersAsync();
                Drained = _clock.Elapsed - drainStarted;
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                Problem($"the soak stopped early: {e.Message}");
            }
            finally
            {
                await _end.CancelAsync();
                await Task.WhenAll(loops.Append(chaos).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            }
        }

        /// <summary>Runs <paramref name="step"/> every <paramref name="everyMs"/> until the soak ends; a step that throws ends the soak with it.</summary>
        private async Task Loop(string name, int everyMs, Func<Task> step)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(everyMs));
            try
            {
                while (await tick.WaitForNextTickAsync(_end.Token))
                {
                    await step();
                }
            }
            catch (OperationCanceledException) when (_end.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Problem($"the soak's {name} failed: {e}");
                Log($"the soak's {name} failed: {e.Message}");
                await _end.CancelAsync();
            }
        }

        /// <summary>Starts again every runner that ended, as its person would, and raises the cap once it stopped them all.</summary>
        private async Task KeepRunnersAsync()
        {
            await _control.WaitAsync(_end.Token);
            try
            {
                foreach (var runner in Runners.Where(r => !r.Running && !r.AtCap && !r.Finished))
                {
                    await EndedAsync(runner);
                }

                if (!_databaseDown && Runners.All(r => r.AtCap || r.Finished) && Runners.Any(r => r.AtCap))
                {
                    await RaiseCapsAsync();
                }
            }
            finally
            {
                _control.Release();
            }
        }

        /// <summary>Why <paramref name="runner"/>'s process ended, said once, and the runner started again unless it waits for the cap.</summary>
        private async Task EndedAsync(SoakRunner runner)
        {
            if (_databaseDown)
            {
                return; // started again once the server is back, or it would only stop at once again
            }

            var said = runner.Output;
            var last = Lines(said).LastOrDefault(l => !l.StartsWith("[exited ", StringComparison.Ordinal)) ?? "";
            string[] more = [];
            if (_draining)
            {
                // Once the queue is drained and the stop sent, a runner started again would clear the team's stop request.
                runner.Finished = true;
                if (!said.Contains($"runner of {Run} stopped on request", StringComparison.Ordinal))
                {
                    Log($"{runner.Name} ended while the soak stopped the runners: {last}");
                }

                return;
            }

            if (runner.Expected is { } expected)
            {
                runner.Expected = null;
                Log($"{runner.Name}: started again after {expected}");
            }
            else if (said.Contains($"runner of {Run} stopped before its next job: budget: ", StringComparison.Ordinal))
            {
                runner.AtCap = true;
                Log($"{runner.Name} stopped at the cap: {last}");
                return;
            }
            else if (said.Contains($"runner of {Run} stopped before its next job: circuit breaker OPEN", StringComparison.Ordinal))
            {
                BreakerTrips++;
                more = ["--reset-breaker"];
                Log($"{runner.Name} stopped by its breaker, started again with --reset-breaker: {last}");
            }
            else if (runner.ExitCode == 2 && said.Contains("ias: lost the connection to the shared queue at ", StringComparison.Ordinal))
            {
                // A runner frozen inside a transaction is cut off by the server once it stood still for a lease.
                Log($"{runner.Name} was cut off while it stood still, started again: {last}");
            }
            else if (runner.ExitCode == 2 && runner.StartedAt < _serverBack && said.Contains(" the shared queue at ", StringComparison.Ordinal))
            {
                // One still starting when the server stopped had no database to ride the outage out with yet.
                Log($"{runner.Name} could not reach the stopped server as it started, started again: {last}");
            }
            else
            {
                Problem($"{runner.Name}: runner pid {runner.Pid} ended (exit {runner.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) with nobody asking it to: {string.Join(" | ", Lines(said).TakeLast(6))}");
                Log($"{runner.Name} ended unexpectedly (exit {runner.ExitCode}), started again: {last}");
            }

            await runner.StartAsync(_clock.Elapsed, more);
        }

        /// <summary>
        /// Both runners stopped at a cap (the run's, or one checkout's for the day): what the queue and each checkout spent must
        /// not pass the caps. The person raises both, as the stop line says (in .loa.config.yaml, committed and pushed; each
        /// machine pulls it), and starts both runners again.
        /// </summary>
        private async Task RaiseCapsAsync()
        {
            var status = await StatusAsync(Person) ?? throw new InvalidOperationException("the queue could not be read at the cap");
            var spent = status["jobs"]!.AsArray().Sum(j => (decimal?)j!["usage"]?["cost_usd"] ?? 0m);
            var today = Runners.Select(r => Recorded(team, r.Machine).Today).ToList();
            var stops = Runners.Where(r => r.AtCap).Select(r => Key().Match(r.Output) is { Success: true } m ? $"{r.Name} at {m.Groups[1].Value}" : r.Name);
            CapStops.Add($"{string.Join(", ", stops)}: run {SpendCaps.Money(spent)} of {SpendCaps.Money(RunCap)}, days {string.Join(" and ", today.Select(SpendCaps.Money))} of {SpendCaps.Money(DailyCap)}");
            if (spent > RunCap || today.Any(t => t > DailyCap))
            {
                Problem($"both runners stopped at a cap past it: the run spent {SpendCaps.Money(spent)} of {SpendCaps.Money(RunCap)}, the checkouts {string.Join(" and ", today.Select(SpendCaps.Money))} today of {SpendCaps.Money(DailyCap)}: {string.Join(" | ", Runners.Select(r => Lines(r.Output).LastOrDefault(l => !l.StartsWith("[exited ", StringComparison.Ordinal))))}");
            }

            RunCap += RunCapStep;
            DailyCap += DailyCapStep;
            var config = Path.Combine(team.Clones[Person], ".loa.config.yaml");
            var text = await File.ReadAllTextAsync(config);
            text = RunUsd().Replace(text, string.Create(CultureInfo.InvariantCulture, $"run_usd: {RunCap}"));
            text = DailyUsd().Replace(text, string.Create(CultureInfo.InvariantCulture, $"daily_usd: {DailyCap}"));
            await File.WriteAllTextAsync(config, text);
            await TeamQueue.GitAsync(team.Clones[Person], "commit", "--quiet", "-am", $"soak: raise the caps to {RunCap} a run and {DailyCap} a day");
            await TeamQueue.GitAsync(team.Clones[Person], "push", "--quiet", "origin", "main");
            foreach (var runner in Runners)
            {
                var clone = team.Clones[runner.Machine];
                var branch = (await TeamQueue.GitAsync(clone, "rev-parse", "--abbrev-ref", "HEAD")).Trim();
                Assert.True(branch == "main", $"{runner.Name} stopped at a cap on {branch}, not main");
                await TeamQueue.GitAsync(clone, "pull", "--quiet", "--ff-only", "origin", "main");
            }

            Log($"both runners stopped at a cap ({CapStops[^1]}); the person raised the caps to {SpendCaps.Money(RunCap)} a run and {SpendCaps.Money(DailyCap)} a day");
            foreach (var runner in Runners.Where(r => r.AtCap))
            {
                runner.AtCap = false;
                await runner.StartAsync(_clock.Elapsed);
            }
        }

        /// <summary>The person: keeps jobs coming while the soak adds them, answers every question, and watches the run's spend.</summary>
        private async Task PersonAsync()
        {
            if (_adding && _clock.Elapsed >= length)
            {
                _adding = false;
                _addingOver.TrySetResult();
            }

            if (await StatusAsync(Person) is not { } status)
            {
                return; // the database is down: the person tries again in a moment
            }

            var jobs = status["jobs"]!.AsArray();
            var spent = jobs.Sum(j => (decimal?)j!["usage"]?["cost_usd"] ?? 0m);
            if (spent > RunCap && !Problems.Any(p => p.StartsWith("the run spent", StringComparison.Ordinal)))
            {
                Problem($"the run spent {SpendCaps.Money(spent)} while its cap was {SpendCaps.Money(RunCap)}");
            }

            var counts = status["counts"]!;
            var open = (int)counts["pending"]! + (int)counts["running"]!;
            _progress.Saw((int)counts["done"]! + (int)counts["failed"]!, drained: !_adding && open + (int)counts["blocked"]! == 0);
            for (var seq = jobs.Count + 1; _adding && open < Backlog && seq <= plan.Count; seq++, open++)
            {
                var job = plan[seq - 1];
                var (code, said, err) = await team.IasAsync(Person, "enqueue", "--run", Run, "--role", job.Role, "--prompt", $"Soak job {job.Seq}: {job.Trouble}.");
                if (code != 0)
                {
                    return; // not enqueued (the database is down, say): the next look counts the jobs again
                }

                Assert.True(said.StartsWith($"enqueued {job.Id} in run {Run} ", StringComparison.Ordinal), $"the person enqueued job {job.Id}, ias said: {said}{err}");
                Enqueued = seq;
            }

            var (listed, questions, _) = await team.IasAsync(Person, "decisions", "--json");
            if (listed != 0)
            {
                return;
            }

            foreach (var question in JsonNode.Parse(questions)!.AsArray().Select(q => q!.AsObject()).Where(q => (string?)q["run"] == Run))
            {
                var id = (string)question["id"]!;
                if (!_answered.Contains(id) && (await team.IasAsync(Person, "answer", id, "Yes, keep it short.")).Code == 0)
                {
                    _answered.Add(id);
                }
            }
        }

        /// <summary>Each runner's checkout: the calls its gate counted this hour, never past the limit.</summary>
        private async Task WatchRateAsync()
        {
            foreach (var runner in Runners)
            {
                if (await StatusAsync(runner.Machine) is { } status && status["rate_limit"] is JsonObject rate)
                {
                    var calls = (int)rate["calls_this_hour"]!;
                    BusiestHour[runner.Machine] = Math.Max(BusiestHour[runner.Machine], calls);
                    if (calls > CallsPerHour)
                    {
                        Problem($"{runner.Name} counted {calls} calls this hour, over its limit of {CallsPerHour}");
                    }
                }
            }
        }

        /// <summary>Whether every job has ended: none pending, running or waiting for an answer.</summary>
        private async Task<bool> QueueDrainedAsync()
        {
            var counts = (await StatusAsync(Person))?["counts"];
            return counts is not null && (int)counts["pending"]! == 0 && (int)counts["running"]! == 0 && (int)counts["blocked"]! == 0;
        }

        /// <summary>`ias stop` from the person's checkout; each runner stops after its job, and is not started again.</summary>
        private async Task StopRunnersAsync()
        {
            await _control.WaitAsync(_end.Token);
            try
            {
                _draining = true;
                if (Runners.Any(r => r.Running))
                {
                    await team.OkAsync(Person, "stop", "--run", Run);
                }
            }
            finally
            {
                _control.Release();
            }

            await UntilAsync(() => Task.FromResult(Runners.All(r => r.Finished || r.AtCap)), TimeSpan.FromMinutes(3), "the runners to stop on request");
            Log($"both runners stopped on request: {string.Join(", ", Runners.Select(r => $"{r.Name} {(r.AtCap ? "at the cap" : $"exit {r.ExitCode}")}"))}");
        }

        /// <summary>`ias status --json` in <paramref name="machine"/>'s checkout; null when ias cannot read the queue (its database is down).</summary>
        private async Task<JsonObject?> StatusAsync(int machine)
        {
            var (code, said, _) = await team.IasAsync(machine, "status", "--json", "--run", Run);
            return code == 0 ? JsonNode.Parse(said)!.AsObject() : null;
        }

        private async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
        {
            var waited = Stopwatch.StartNew();
            using var poll = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (!await condition())
            {
                if (waited.Elapsed > limit)
                {
                    throw new TimeoutException($"waited {limit.TotalMinutes:0.#} min for {what}");
                }

                await poll.WaitForNextTickAsync(_end.Token);
            }
        }

        private void Problem(string problem)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }
        }

        private void Log(string line) => say($"soak: [{_clock.Elapsed:mm\\:ss}] {line}");

        public async ValueTask DisposeAsync()
        {
            foreach (var runner in Runners)
            {
                await runner.DisposeAsync();
            }

            _end.Dispose();
            _control.Dispose();
        }

        [GeneratedRegex(@"run_usd: [0-9.]+")]
        private static partial Regex RunUsd();

        [GeneratedRegex(@"daily_usd: [0-9.]+")]
        private static partial Regex DailyUsd();

        // Which cap a runner's stop line names.
        [GeneratedRegex(@"stopped before its next job: budget: .*?\((ias\.budget\.\w+)\)")]
        private static partial Regex Key();
    }
}
