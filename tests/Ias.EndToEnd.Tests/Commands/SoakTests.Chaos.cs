using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The soak's chaos: what happens to the runners and their database, and when, drawn from the seed.</summary>
public sealed partial class SoakTests
{
    private enum Blow
    {
        /// <summary>`kill -9` of a runner, which its person starts again.</summary>
        Kill,

        /// <summary>The terminal of machine-0's runner closes mid-job (SIGHUP): its job is handed back.</summary>
        HangUp,

        /// <summary>SIGSTOP of machine-1's runner mid-job until the other takes its job over after the lease, then SIGCONT.</summary>
        Freeze,

        /// <summary>The PostgreSQL server stopped (`pg_ctl stop -m fast`) and, a while later, started again.</summary>
        Restart,
    }

    /// <summary>A blow, which falls once <paramref name="AfterEnded"/> jobs have ended.</summary>
    private sealed record Chaos(int AfterEnded, Blow Blow, int Machine);

    private sealed partial class Soak
    {
        /// <summary>
        /// When each blow falls, as the queue's progress: one hang-up early, the restart in the middle, one freeze later, and about
        /// one kill of each runner every six minutes' worth of jobs anywhere, for a soak of <see cref="Length"/>, in order. A blow
        /// the soak does not reach (a slower machine ends fewer jobs) is left out, and the table says so.
        /// </summary>
        private List<Chaos> Schedule()
        {
            var jobs = length.TotalMinutes * JobsPerMinute;
            int Between(double from, double to) => (int)Math.Round(jobs * (from + ((to - from) * random.NextDouble())));
            var kills = Math.Max(1, (int)Math.Round(length.TotalMinutes / 6));
            var blows = new List<Chaos>
            {
                new(Between(0.10, 0.25), Blow.HangUp, 0),
                new(Between(0.35, 0.50), Blow.Restart, -1),
                new(Between(0.60, 0.75), Blow.Freeze, 1),
            };
            blows.AddRange(Enumerable.Range(0, kills).SelectMany(_ => new[] { new Chaos(Between(0.03, 0.97), Blow.Kill, 0), new Chaos(Between(0.03, 0.97), Blow.Kill, 1) }));
            return [.. blows.OrderBy(b => b.AfterEnded)];
        }

        /// <summary>
        /// Each blow once its number of jobs has ended (or as soon as the one before it is over); the last may fall while the
        /// runners drain, and those the drained queue never reaches do not fall.
        /// </summary>
        private async Task ChaosAsync(List<Chaos> blows)
        {
            Log($"chaos: {string.Join(", ", blows.Select(b => $"{b.Blow}{(b.Machine >= 0 ? $" machine-{b.Machine}" : "")} after {b.AfterEnded} jobs"))}");
            try
            {
                foreach (var blow in blows)
                {
                    if (!await _progress.EndedAsync(blow.AfterEnded).WaitAsync(_end.Token))
                    {
                        Unreached.Add($"{blow.Blow} after {blow.AfterEnded} jobs");
                        continue;
                    }

                    await (blow.Blow switch
                    {
                        Blow.Kill => KillAsync(Runners[blow.Machine]),
                        Blow.HangUp => HangUpAsync(Runners[blow.Machine]),
                        Blow.Freeze => FreezeAsync(Runners[blow.Machine]),
                        _ => RestartAsync(),
                    });
                }
            }
            catch (OperationCanceledException) when (_end.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Problem($"the soak's chaos failed: {e}");
                Log($"the soak's chaos failed: {e.Message}");
                await _end.CancelAsync();
            }
        }

        /// <summary>`kill -9` of the runner, two times in three once its agent is mid-turn, else at once.</summary>
        private async Task KillAsync(SoakRunner runner)
        {
            var midTurn = random.Next(3) > 0;
            if (await RunningAsync(runner) is not { } mark)
            {
                Log($"chaos: no kill of {runner.Name}: it did not run for two minutes");
                return;
            }

            var job = midTurn ? await runner.WaitForAsync(mark, AgentSession(), TimeSpan.FromMinutes(1)) : null;
            await _control.WaitAsync(_end.Token);
            try
            {
                if (!runner.Running)
                {
                    Log($"chaos: no kill of {runner.Name}: it ended first");
                    return;
                }

                runner.Expected = "kill -9";
                var pid = runner.Pid;
                runner.Kill9();
                Kills[runner.Machine]++;
                Log($"chaos: kill -9 of {runner.Name}'s runner pid {pid}{(job is null ? "" : $" while its agent ran job {job}")}");
            }
            finally
            {
                _control.Release();
            }
        }

        /// <summary>Closes machine-0's terminal while its agent is mid-turn: the runner hands its job back and exits; its person starts it again.</summary>
        private async Task HangUpAsync(SoakRunner runner)
        {
            if (await RunningAsync(runner) is not { } mark || await runner.WaitForAsync(mark, AgentSession(), TimeSpan.FromMinutes(2)) is not { } job)
            {
                HangUps = "none: the runner ran no job for two minutes";
                Log($"chaos: no hang-up of {runner.Name}: {HangUps}");
                return;
            }

            var pid = runner.Pid;
            await _control.WaitAsync(_end.Token);
            try
            {
                runner.Expected = "SIGHUP";
                runner.HangUp();
            }
            finally
            {
                _control.Release();
            }

            // The runner gives the job back before it exits: the job's history says so, with the attempt not counted.
            var handed = await UntilJobAsync(job, j => j["history"]!.AsArray().Any(h => (string)h!["outcome"]! == "handed_back"), TimeSpan.FromMinutes(2));
            HangUps = $"1, at job {job}: {(handed ? "handed back, its attempt not counted" : "NOT handed back")}";
            Log($"chaos: closed the terminal of {runner.Name}'s runner pid {pid} while its agent ran job {job}; {HangUps}");
            if (!handed)
            {
                Problem($"the runner of {runner.Name} got SIGHUP at job {job}, which was not handed back");
            }
        }

        /// <summary>SIGSTOP while the agent is mid-turn, SIGCONT once the job's lease ran out and it went back to the queue (or another runner ended it).</summary>
        private async Task FreezeAsync(SoakRunner runner)
        {
            if (await RunningAsync(runner) is not { } mark || await runner.WaitForAsync(mark, AgentSession(), TimeSpan.FromMinutes(2)) is not { } job)
            {
                Freezes = "none: the runner ran no job for two minutes";
                Log($"chaos: no freeze of {runner.Name}: {Freezes}");
                return;
            }

            var pid = runner.Pid;
            runner.Signal("STOP");
            var frozen = Stopwatch.StartNew();
            bool takenOver;
            try
            {
                takenOver = await UntilJobAsync(job, j => j["history"]!.AsArray().Any(h => (string)h!["outcome"]! == "lease_expired") || (string)j["state"]! is "done" or "failed",
                    TimeSpan.FromMinutes(LeaseMinutes * 6));
            }
            finally
            {
                runner.Signal("CONT");
            }

            Freezes = $"1, at job {job}, for {frozen.Elapsed.TotalSeconds:0} s: {(takenOver ? "its lease ran out and the job went on without it" : "nobody took its job")}";
            Log($"chaos: froze {runner.Name}'s runner pid {pid} while its agent ran job {job}; woke it {Freezes}");
        }

        /// <summary>
        /// Stops the PostgreSQL server, and starts it again once every runner at work has said it lost its database and has no
        /// agent at work any more: a turn that ends while the database is away leaves its runner holding the job's result across
        /// the outage, which it must keep. A runner that says nothing within two leases (it ended, or stopped at the cap) is not
        /// waited for, nor a turn still running after two minutes.
        /// </summary>
        private async Task RestartAsync()
        {
            List<(SoakRunner Runner, int Mark)> atWork;
            await _control.WaitAsync(_end.Token);
            try
            {
                _databaseDown = true;
                atWork = [.. Runners.Where(r => r.Running && !r.AtCap).Select(r => (r, r.Output.Length))];
                cluster.StopServer();
            }
            finally
            {
                _control.Release();
            }

            Log($"chaos: stopped the PostgreSQL server (pg_ctl stop -m fast) until {string.Join(" and ", atWork.Select(w => w.Runner.Name))} say they lost it");
            var stopped = Stopwatch.StartNew();
            try
            {
                var said = await Task.WhenAll(atWork.Select(w => w.Runner.WaitForAsync(w.Mark, LostDatabase(), TimeSpan.FromMinutes(LeaseMinutes * 2))));
                Log($"chaos: {string.Join("; ", atWork.Zip(said, (w, s) => $"{w.Runner.Name} {(s is null ? "said nothing" : $"lost its database ({s})")}"))}");
                using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
                while (atWork.Any(w => w.Runner.HasChild) && stopped.Elapsed < TimeSpan.FromMinutes(2))
                {
                    await poll.WaitForNextTickAsync(_end.Token);
                }
            }
            finally
            {
                cluster.StartServer();
                _serverBack = _clock.Elapsed;
                _databaseDown = false;
            }

            Restarts++;
            Down += stopped.Elapsed;
            Log($"chaos: started the PostgreSQL server again after {stopped.Elapsed.TotalSeconds:0} s");
        }

        [GeneratedRegex(@"runner of \S+ lost its database \(([^)]*)\)")]
        private static partial Regex LostDatabase();

        /// <summary>Where the runner's output stands once it runs (it may wait for the cap, or be starting again); null after two minutes.</summary>
        private async Task<int?> RunningAsync(SoakRunner runner)
        {
            var waited = Stopwatch.StartNew();
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (!runner.Running || runner.AtCap)
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(2))
                {
                    return null;
                }

                await poll.WaitForNextTickAsync(_end.Token);
            }

            return runner.Output.Length;
        }

        /// <summary>Waits until job <paramref name="id"/>, as the person's checkout reads it, is as <paramref name="condition"/> says; false when the wait ran out.</summary>
        private async Task<bool> UntilJobAsync(string id, Func<JsonObject, bool> condition, TimeSpan limit)
        {
            var waited = Stopwatch.StartNew();
            using var poll = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (waited.Elapsed < limit)
            {
                if (await StatusAsync(Person) is { } status && status["jobs"]!.AsArray().Select(j => j!.AsObject()).FirstOrDefault(j => (string)j["id"]! == id) is { } job && condition(job))
                {
                    return true;
                }

                await poll.WaitForNextTickAsync(_end.Token);
            }

            return false;
        }

        [GeneratedRegex(@"(?m)^job (\S+) agent session ")]
        private static partial Regex AgentSession();
    }
}
