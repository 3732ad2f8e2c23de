using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Cycles;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias run-status`: run id, state, target, branch, cycle and phase, runtime against timeout, breaker, rate budget, metrics (004).</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable; exit code 0 complete, 1 running or halted, 2 failed or none" };
        var verbose = new Option<bool>("--verbose") { Description = "Also the cycle history and the breaker's trips" };
        var cmd = new Command("run-status", "Show the current run's progress") { json, verbose };
        cmd.SetAction((pr, ct) => Cli.Guard(() =>
        {
            var status = RunStatus.Read(new RunPaths(Path.GetFullPath(pr.GetValue(Cli.Repo)!)), TimeProvider.System);
            Console.WriteLine(pr.GetValue(json) ? ToJson(status) : ToText(status, pr.GetValue(verbose)));
            return Task.FromResult(status.ExitCode);
        }));
        return cmd;
    }

    public static string ToJson(RunStatus s)
    {
        var run = s.Run;
        var node = new JsonObject
        {
            ["run_id"] = run?.RunId,
            ["target"] = run?.Target,
            ["branch"] = run?.Branch,
            ["state"] = run is null ? null : WireName.Of(run.State),
            ["phase"] = run is null ? null : WireName.Of(run.Phase),
            ["cycle"] = run?.CycleCurrent,
            ["cycle_limit"] = run?.CycleLimit,
            ["started"] = run is null ? null : Iso(run.Started),
            ["last_activity"] = run is null ? null : Iso(run.LastActivity),
            ["runtime_seconds"] = s.Runtime is { } rt ? (long)rt.TotalSeconds : null,
            ["timeout_hours"] = run?.Options.TimeoutHours,
            ["halt_reason"] = run?.HaltReason,
            ["pushed"] = run?.Pushed,
            ["pr_created"] = run?.PrCreated,
            ["pr_url"] = run?.PrUrl,
            ["engine"] = new JsonObject { ["alive"] = s.EngineAlive, ["owner"] = s.EngineOwner },
            ["metrics"] = run is null ? null : new JsonObject
            {
                ["files_changed"] = run.FilesChanged,
                ["commits"] = run.Commits,
                ["findings_fixed"] = run.FindingsFixed,
            },
            ["usage"] = run is null ? null : new JsonObject
            {
                ["tokens_in"] = run.TokensIn,
                ["tokens_out"] = run.TokensOut,
                ["cost_usd"] = run.CostUsd,
            },
            ["circuit_breaker"] = s.Breaker is not { } b ? null : new JsonObject
            {
                ["state"] = WireName.Of(b.State),
                ["same_issue"] = $"{b.SameIssueCount}/{b.SameIssueThreshold}",
                ["no_progress"] = $"{b.NoProgressCount}/{b.NoProgressThreshold}",
                ["trips"] = b.History.Count,
                ["last_trip"] = b.History.LastOrDefault()?.Reason,
            },
            ["rate_limit"] = s.RateLimit is not { } r ? null : new JsonObject
            {
                ["calls_this_hour"] = r.CallsThisHour,
                ["limit"] = r.Limit,
                ["consecutive_waits"] = r.ConsecutiveWaits,
                ["waiting_until"] = r.WaitingUntil is { } w ? Iso(w) : null,
                ["seconds_to_reset"] = s.TimeToRateReset is { } t ? (long)t.TotalSeconds : null,
            },
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static string ToText(RunStatus s, bool verbose)
    {
        if (s.Run is not { } run)
        {
            return "no run here yet: start one with `ias run sprint-N` (or try `ias demo`)";
        }

        var lines = new List<string>
        {
            $"run        {run.RunId}  {WireName.Of(run.State)}{(s.EngineAlive ? $" (engine {s.EngineOwner})" : run.State == RunState.Running ? " (engine stopped: `ias run-resume` continues)" : "")}",
            $"target     {run.Target} on {run.Branch}",
            $"cycle      {run.CycleCurrent}/{run.CycleLimit}, phase {WireName.Of(run.Phase)}",
            $"runtime    {Hm(s.Runtime ?? TimeSpan.Zero)} of {run.Options.TimeoutHours.ToString("0.##", CultureInfo.InvariantCulture)}h",
            $"metrics    {run.Commits} commit(s), {run.FilesChanged} file change(s), {run.FindingsFixed} finding(s) fixed",
            $"usage      {run.TokensIn} tokens in, {run.TokensOut} out, ${run.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}",
        };
        if (s.Breaker is { } b)
        {
            lines.Add($"breaker    {WireName.Of(b.State)}  same issue {b.SameIssueCount}/{b.SameIssueThreshold}, no progress {b.NoProgressCount}/{b.NoProgressThreshold}, {b.History.Count} trip(s)");
        }

        if (s.RateLimit is { } r)
        {
            lines.Add($"rate       {r.CallsThisHour}/{r.Limit} calls this hour, {r.ConsecutiveWaits} consecutive wait(s)"
                + (s.TimeToRateReset is { } left ? $", waiting {Hm(left)} for the hour boundary" : ""));
        }

        lines.Add(run.PrUrl is { } url
            ? $"pr         {url} (draft){(run.Pushed ? "" : ", not pushed")}"
            : $"pr         none{(run.Pushed ? ", branch pushed" : run.Options.Local ? " (local run)" : "")}; see .run/pr.md once the run completes or halts");
        if (run.HaltReason is { } why)
        {
            lines.Add($"halted     {why}");
        }

        if (verbose)
        {
            lines.Add("history");
            lines.AddRange(run.CycleHistory.Select(h => $"  cycle {h.Cycle} {WireName.Of(h.Phase),-10} {h.Findings} finding(s)"));
            if (s.Breaker is { History.Count: > 0 } br)
            {
                lines.Add("trips");
                lines.AddRange(br.History.Select(t => $"  {Iso(t.Timestamp)} {t.Trigger}: {t.Reason}"));
            }
        }

        return string.Join('\n', lines);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Hm(TimeSpan t) => $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s";
}
