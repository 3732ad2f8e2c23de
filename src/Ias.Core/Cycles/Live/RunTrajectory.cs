using System.Globalization;
using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Guardrails;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// 004's full trajectory: a run's audit trail in `grimoires/loa/a2a/trajectory/{run_id}.jsonl` (run-DATE-ID.jsonl), one JSON object a line.
/// Each event of the run (its transitions, phases, commits, breaker and rate, ICE's refusals, questions and answers,
/// recoveries, publishing) with the run's state, phase and cycle at that moment, and each agent call with its outcome,
/// tokens and cost. The agent's own stream (its tool calls and words) stays in its job folder. Messages are redacted as
/// the run's events are, and under `metadata_only` each is a marker. `ias.trajectory.commit` says whether the run's
/// bookkeeping commits carry the file; otherwise git never sees it, as with the guardrails' logs.
/// </summary>
internal sealed class RunTrajectory(EngineContext ctx)
{
    private readonly TrajectoryFile _file = new(ctx.Paths, "the run's trajectory", "the run goes on, unlogged", ctx.Progress);

    /// <summary>The trajectory of run <paramref name="runId"/>.</summary>
    public static string PathOf(RunPaths paths, string runId) => Path.Combine(paths.TrajectoryDir, $"{runId}.jsonl");

    /// <summary>An event of <paramref name="run"/>, as it stood when the event was recorded; the agent's stream is not one.</summary>
    public void Event(RunSnapshot run, DateTimeOffset at, RunEventKind kind, string message)
    {
        if (kind is RunEventKind.Agent or RunEventKind.Tool or RunEventKind.Assistant)
        {
            return;
        }

        Append(run.RunId, at, "event", w =>
        {
            w.WriteString("target", run.Target);
            w.WriteString("kind", kind.Wire());
            w.WriteString("state", WireName.Of(run.State));
            w.WriteString("phase", WireName.Of(run.Phase));
            w.WriteNumber("cycle", run.CycleCurrent);
            w.WriteString("message", ctx.Config.DataPolicy.Text(FieldOf(kind), message));
        });
    }

    /// <summary>An agent call as it ended: who ran, for which phase, how it ended and what it cost.</summary>
    public void Call(AgentCallRecord call) =>
        Append(call.RunId, call.Ended, "agent_call", w =>
        {
            w.WriteNumber("cycle", call.Cycle);
            w.WriteString("phase", WireName.Of(call.Phase));
            w.WriteString("role", call.Role);
            w.WriteString("agent", call.Agent);
            w.WriteString("started", IsoTime.ForFile(call.Started));
            w.WriteString("outcome", call.Outcome);
            if (call.ExitCode is { } code)
            {
                w.WriteNumber("exit_code", code);
            }

            w.WriteNumber("calls", call.Calls);
            w.WriteNumber("tokens_in", call.TokensIn);
            w.WriteNumber("tokens_out", call.TokensOut);
            w.WriteString("cost_usd", call.CostUsd.ToString(CultureInfo.InvariantCulture));
        });

    private void Append(string runId, DateTimeOffset at, string type, Action<Utf8JsonWriter> fields) =>
        _file.Append(PathOf(ctx.Paths, runId), JsonText.RenderCompact(w =>
        {
            w.WriteStartObject();
            w.WriteString("timestamp", IsoTime.ForFile(at));
            w.WriteString("type", type);
            w.WriteString("run_id", runId);
            fields(w);
            w.WriteEndObject();
        }));

    // The field of the data policy whose text a message of each kind carries.
    private static string FieldOf(RunEventKind kind) => kind switch
    {
        RunEventKind.DecisionRequested => "decision.question",
        RunEventKind.Decision => "decision.answer",
        RunEventKind.Commit => "job.summary",
        _ => "job.reason",
    };
}
