using System.CommandLine;
using System.Globalization;
using System.Text;
using Ias.Core.Jobs;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias status`: the run's runner and queue, as text, JSON (the same job objects as the queue files) or watched.</summary>
public static class QueueStatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable: state.json's fields and every job" };
        var watch = new Option<bool>("--watch") { Description = "Print again whenever the queue changes, until Ctrl-C" };
        var cmd = new Command("status", "Show a run's job queue and runner") { json, watch };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            using var host = QueueHost.Open(pr, run);
            using var reader = new SnapshotReader(new RunPaths(host.Root), TimeProvider.System) { QueueRun = host.Queue.Run };
            string? last = null;
            do
            {
                var text = Render(reader.Read(), pr.GetValue(json));
                if (text != last)
                {
                    Console.Write(text);
                    last = text;
                }

                if (!pr.GetValue(watch))
                {
                    break;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            while (true);

            return 0;
        }));
        return cmd;
    }

    /// <summary>The queue part of the snapshot the dashboard and `ias run-status` read too.</summary>
    private static string Render(EngineSnapshot snap, bool json)
    {
        var (run, jobs, alive, holder) = snap.Queue ?? throw new QueueException("the run's queue is gone from .run/ias.db: create it again with `ias new-run`");
        if (json)
        {
            return QueueJson.Render(QueueJson.Status(run, jobs, alive));
        }

        var sb = new StringBuilder();
        var runner = alive ? $"{run.RunnerStatus} ({holder})" : "not running";
        sb.Append(CultureInfo.InvariantCulture, $"run {run.Name} · runner {runner}");
        if (run.CurrentJob is { } current && alive)
        {
            sb.Append(CultureInfo.InvariantCulture, $" · job {current}");
        }

        sb.AppendLine();
        if (run.ParkedUntil is { } parked)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"parked until {parked:u}: {run.ParkedReason}");
        }

        if (run.StopRequested)
        {
            sb.AppendLine("stop requested: the runner stops after its current job");
        }

        sb.AppendLine(string.Join(" · ", Enum.GetValues<JobState>().Select(s => $"{s.ToString().ToLowerInvariant()} {jobs.Count(j => j.State == s)}")));
        foreach (var j in jobs)
        {
            var detail = j.State switch
            {
                JobState.Done when j.Evidence is { } e => $"{e.Commits.Count} commit(s), {e.ChangedFiles.Count} file(s)",
                JobState.Failed => j.Reason ?? "",
                JobState.Pending when j.NotBefore > snap.Status.Now => $"next after {j.NotBefore:u}",
                _ => "",
            };
            var line = $"  {j.Id,-24} {j.State.ToString().ToLowerInvariant(),-8} attempts {j.Attempts}  {detail}";
            sb.AppendLine(line.TrimEnd());
        }

        return sb.ToString();
    }
}
