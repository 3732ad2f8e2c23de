using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// Team chaos: three runners on three machines, one killed with SIGKILL (and started again in its clone, which gives its
/// dead runner's job back) or frozen with SIGSTOP past its lease (and woken once another runner took its job) at random
/// moments, IAS_CHAOS_KILLS times (10 here, 100 in scripts/chaos.sh); IAS_CHAOS_SEED replays a failure.
/// </summary>
public sealed partial class TeamQueueTests
{
    // Every agent turn a little slow, so kills land inside turns as well as between them.
    private const string ChaosPlan = """
        {"slow_ms": 15, "fail": [{"role": "implementer", "mode": "slow"}, {"role": "reviewer", "mode": "slow"}, {"role": "auditor", "mode": "slow"}]}
        """;

    // A three-second lease, so a frozen runner's job is taken over soon; retries wait little and are never used up by the kills.
    private const string ChaosQueue = "    lease_minutes: 0.05\n    retry: { max_attempts: 1000, backoff_seconds: 0.05, max_backoff_seconds: 1 }\n";

    [PostgresFact]
    public async Task Killing_team_runners_or_freezing_them_past_their_lease_at_random_moments_finishes_every_job_once_with_the_commits_of_an_uninterrupted_run()
    {
        var (kills, seed, random) = ChaosTests.Settings(output, "team");
        var expected = await ReferenceAsync();

        var done = 0;
        var runs = 0;
        while (done < kills)
        {
            runs++;
            using var team = await TeamAsync(machines: 3, ChaosQueue);
            await team.ScenarioAsync(ChaosPlan);
            await EnqueueAllAsync(team);
            var context = $"seed {seed}, team run {runs}";
            done += await new TeamChaos(team, random, context, output.WriteLine).RunAsync(kills - done);

            var actual = await FinalStateAsync(team, context);
            Assert.True(expected == actual, $"{context}: the team ended\n{actual}\none runner alone ends\n{expected}");
            var counts = (await team.StatusAsync())["counts"]!;
            Assert.True((int)counts["running"]! == 0 && (int)counts["pending"]! == 0, $"{context}: jobs left running or pending: {counts.ToJsonString()}");
            foreach (var clone in team.Clones)
            {
                ChaosTests.AssertNoProcessIn(clone, context);
            }
        }

        output.WriteLine($"chaos: {done} kills over {runs} team run(s), every job done exactly once with the commits of an uninterrupted run");
    }

    /// <summary>One team run under chaos: its three runners, what each said last, and the kills.</summary>
    private sealed partial class TeamChaos(TeamQueue team, Random random, string context, Action<string> log)
    {
        // A runner, or a frozen one's takeover, that says nothing for this long is stuck: the run fails with what each said.
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(90);

        private readonly Channel<(IasProcess Process, string? Line)> _lines = Channel.CreateUnbounded<(IasProcess, string?)>();
        private readonly List<Runner> _runners = [];
        private readonly List<IasProcess> _started = [];

        // The runner that last said it started each job.
        private readonly Dictionary<string, Runner> _startedBy = [];

        /// <summary>Runs the queue to its end, at most <paramref name="budget"/> kills and freezes; returns how many it made.</summary>
        public async Task<int> RunAsync(int budget)
        {
            try
            {
                for (var i = 0; i < team.Clones.Count; i++)
                {
                    _runners.Add(new Runner(i));
                    Start(_runners[i]);
                }

                var kills = 0;
                // The kill moment is the point of the test: after a seeded random number of the runners' progress lines (a
                // job started, its agent's session, a job done), each a moment something is happening in the one that said it.
                var countdown = random.Next(1, 4);
                while (_runners.Any(r => !r.Ended))
                {
                    if (await NextAsync() is not { } runner || kills >= budget || --countdown > 0)
                    {
                        continue;
                    }

                    countdown = random.Next(1, 4);
                    kills++;
                    // A freeze only of a runner whose job no other has taken yet, and with another runner there to take it.
                    if (random.Next(2) == 0 && runner.Holding is { } job && _startedBy.GetValueOrDefault(job) == runner && _runners.Any(r => r != runner && !r.Ended))
                    {
                        await FreezeAsync(runner, job, kills);
                    }
                    else
                    {
                        await KillAsync(runner, kills);
                    }
                }

                foreach (var runner in _runners)
                {
                    var code = await runner.Process.ExitAsync(Quiet);
                    Assert.True(code == 0, $"{context}: run-loop in machine-{runner.Clone} exit {code}\nstdout: {runner.Process.Stdout}\nstderr: {runner.Process.Stderr}");
                }

                return kills;
            }
            finally
            {
                foreach (var process in _started)
                {
                    await process.DisposeAsync();
                }
            }
        }

        /// <summary>SIGSTOP while the runner holds a job; SIGCONT once another runner has taken that job over (its lease ran out), or none is left to.</summary>
        private async Task FreezeAsync(Runner frozen, string job, int kill)
        {
            var pid = frozen.Process.Pid;
            Signal("STOP", pid);
            frozen.Frozen = true;
            var since = Stopwatch.StartNew();
            try
            {
                while (true)
                {
                    // Another runner took the job (or finished it, when its start was said before the freeze was sent).
                    var said = await NextAsync();
                    if (said is not null && said != frozen && (said.Last.StartsWith($"job {job} started ", StringComparison.Ordinal) || said.Last.StartsWith($"job {job} done", StringComparison.Ordinal)))
                    {
                        break;
                    }

                    // The job may have ended just before the freeze, and the other runners with the queue.
                    if (_runners.Where(r => r != frozen).All(r => r.Ended))
                    {
                        break;
                    }
                }
            }
            finally
            {
                Signal("CONT", pid);
            }

            log($"{context}: kill {kill}: froze runner {pid} in machine-{frozen.Clone} at job {job}, woke it {since.Elapsed.TotalSeconds:0.0}s later");
        }

        /// <summary>SIGKILL, then a runner started again in the same clone, as its user would: it gives the dead runner's job back.</summary>
        private async Task KillAsync(Runner runner, int kill)
        {
            var pid = runner.Process.Pid;
            runner.Process.Kill9();
            await runner.Process.ExitAsync(Quiet);
            log($"{context}: kill {kill}: runner {pid} in machine-{runner.Clone}{(runner.Holding is { } job ? $" at job {job}" : "")}");
            Start(runner);
        }

        private void Start(Runner runner)
        {
            var process = team.Start(runner.Clone, "run-loop", "--run", team.Run, "--stop-when-idle");
            _started.Add(process);
            runner.Restart(process);
            _ = Task.Run(async () =>
            {
                // A frozen runner, or one waiting for the others' jobs, may say nothing for long: its lines end when it exits.
                while (await process.NextLineAsync(System.Threading.Timeout.InfiniteTimeSpan) is { } line)
                {
                    _lines.Writer.TryWrite((process, line));
                }

                _lines.Writer.TryWrite((process, null));
            });
        }

        /// <summary>The next line any live runner said, read into its runner; null for a line of a killed one, or an end.</summary>
        private async Task<Runner?> NextAsync()
        {
            using var quiet = new CancellationTokenSource(Quiet);
            (IasProcess Process, string? Line) next;
            try
            {
                next = await _lines.Reader.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{context}: no runner said anything for {Quiet.TotalSeconds:0}s\n"
                    + string.Join("\n", _runners.Select(r => $"machine-{r.Clone} (pid {r.Process.Pid}):\n{r.Process.Stdout}{r.Process.Stderr}")));
            }

            if (_runners.FirstOrDefault(r => r.Process == next.Process) is not { } runner)
            {
                return null;
            }

            if (next.Line is null)
            {
                runner.Ended = true;
                await CutOffAsync(runner);
                return null;
            }

            runner.Said(next.Line);
            if (runner.Holding is { } job && next.Line.StartsWith($"job {job} started ", StringComparison.Ordinal))
            {
                _startedBy[job] = runner;
            }

            return runner;
        }

        /// <summary>
        /// A runner frozen half-way through a transaction is cut off by the server once it has stood still for a lease (so
        /// its job can be taken over); woken, it stops with one line saying so, and its user starts it again.
        /// </summary>
        private async Task CutOffAsync(Runner runner)
        {
            var process = runner.Process;
            if (!runner.Frozen || await process.ExitAsync(Quiet) != 2 || !process.Stderr.StartsWith("ias: lost the connection to the shared queue at ", StringComparison.Ordinal))
            {
                return;
            }

            log($"{context}: runner {process.Pid} in machine-{runner.Clone} was cut off by the server while frozen in a transaction; started again");
            Start(runner);
        }

        /// <summary>The runner of one clone: its current process, its last line, and the job it holds as far as its lines tell.</summary>
        private sealed partial class Runner(int clone)
        {
            public int Clone { get; } = clone;

            public IasProcess Process { get; private set; } = null!;

            public string Last { get; private set; } = "";

            public string? Holding { get; private set; }

            public bool Ended { get; set; }

            /// <summary>Whether this process was frozen with SIGSTOP at some moment.</summary>
            public bool Frozen { get; set; }

            public void Restart(IasProcess process) => (Process, Last, Holding, Ended, Frozen) = (process, "", null, false, false);

            public void Said(string line)
            {
                Last = line;
                if (Started().Match(line) is { Success: true } m)
                {
                    Holding = m.Groups[1].Value;
                }
                else if (Holding is { } job && line.StartsWith($"job {job}", StringComparison.Ordinal) && LetGo().IsMatch(line[$"job {job}".Length..]))
                {
                    Holding = null;
                }
            }

            [GeneratedRegex(@"^job (\S+) started \(")]
            private static partial Regex Started();

            // How a runner says it let its job go: done, retried, failed, parked, or taken by another claim.
            [GeneratedRegex(@"^( (done|retry|failed|parked|lost):|: another claim took the lease)")]
            private static partial Regex LetGo();
        }
    }
}
