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

    private sealed record Chaos(TimeSpan At, Blow Blow, int Machine);

    private sealed partial class Soak
    {
        /// <summary>
        /// When each blow falls: one hang-up early, the restart in the middle, one freeze later, and about one kill of each runner
        /// every six minutes anywhere; for a soak of <see cref="Length"/>, in order.
        /// </summary>
        private List<Chaos> Schedule()
        {
            TimeSpan Between(double from, double to) => length * (from + ((to - from) * random.NextDouble()));
            var kills = Math.Max(1, (int)Math.Round(length.TotalMinutes / 6));
            var blows = new List<Chaos>
            {
                new(Between(0.10, 0.25), Blow.HangUp, 0),
                new(Between(0.35, 0.50), Blow.Restart, -1),
                new(Between(0.60, 0.75), Blow.Freeze, 1),
            };
            blows.AddRange(Enumerable.Range(0, kills).SelectMany(_ => new[] { new Chaos(Between(0.03, 0.97), Blow.Kill, 0), new Chaos(Between(0.03, 0.97), Blow.Kill, 1) }));
            return [.. blows.OrderBy(b => b.At)];
        }

        /// <summary>Each blow at its time (or as soon as the one before it is over); the last may fall while the runners drain.</summary>
        private async Task ChaosAsync(List<Chaos> blows)
        {
            Log($"chaos: {string.Join(", ", blows.Select(b => $"{b.Blow}{(b.Machine >= 0 ? $" machine-{b.Machine}" : "")} at {b.At:mm\\:ss}"))}");
            try
            {
                foreach (var blow in blows)
                {
                    if (blow.At > _clock.Elapsed)
                    {
                        await Task.Delay(blow.At - _clock.Elapsed, _end.Token);
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

        /// <summary>Stops the PostgreSQL server for a minute (a tenth of a short soak, at least ten seconds), then starts it again.</summary>
        private async Task RestartAsync()
        {
            var down = TimeSpan.FromSeconds(Math.Clamp(length.TotalSeconds / 30, 10, 60));
            await _control.WaitAsync(_end.Token);
            try
            {
                _databaseDown = true;
                cluster.StopServer();
            }
            finally
            {
                _control.Release();
            }

            Log($"chaos: stopped the PostgreSQL server (pg_ctl stop -m fast) for {down.TotalSeconds:0} s");
            var stopped = Stopwatch.StartNew();
            try
            {
                await Task.Delay(down, _end.Token);
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
