using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Replays;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A sprint stored in a real ias.db in a folder of its own, as the engine stores it, for replays: an implement, a review
/// that finds one thing, a second implement and a review that passes, with their events a few seconds apart (and one
/// wait of a minute, which a replay plays shorter).
/// </summary>
public sealed class RecordedRun : IDisposable
{
    public const string RunId = "run-20261122-abc123";

    private static readonly DateTimeOffset T0 = Fixtures.Now.AddMinutes(-30);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ias-replay-");

    public RecordedRun()
    {
        var paths = new RunPaths(_dir.FullName);
        Directory.CreateDirectory(paths.RunDir);
        using (var store = RunStore.Open(paths.Database))
        {
            Record(store);
        }

        Timeline = RunTimeline.Read(paths, RunId)!;
    }

    /// <summary>Its timeline: 11 moments, phases beginning at moments 1, 3, 5 and 7.</summary>
    public RunTimeline Timeline { get; }

    public void Dispose() => _dir.Delete(recursive: true);

    private static void Record(RunStore store)
    {
        var runs = new RunRecords(store);
        runs.SaveRun(new RunSnapshot(RunId, "sprint-1", "feature/sprint-1", RunState.JackedOut, Phase.Audit, T0, T0.AddSeconds(130), 2, 6, [], 3, 2, 1, new RunOptions(6, 1, Agent: "sim")));
        Event(0, RunEventKind.Transition, "JACK_IN → RUNNING (preflight_passed): on branch feature/sprint-1");
        Step(1, 1, Phase.Implement, 2, "implementer (sim) started", "1a2b3c4 2 file(s): cycle 1");
        Step(11, 1, Phase.Review, 0, "reviewer (sim) started", "review found 1: feature.txt does not validate its input (cycle 1)", [new("R1", "medium", "feature.txt does not validate its input", "feature.txt", 1)]);
        Step(21, 2, Phase.Implement, 1, "implementer (sim) started", "5d6e7f8 1 file(s): cycle 2");
        Step(91, 2, Phase.Review, 0, "reviewer (sim) started", "review passed", []);
        Event(101, RunEventKind.Transition, "RUNNING → COMPLETE (all_passed): review and audit passed in cycle 2");
        Event(102, RunEventKind.Transition, "COMPLETE → JACKED_OUT (jack_out): 2 cycle(s), 2 commit(s), 3 file change(s)");
        new SafetyStore(store).SaveBreaker(RunId, new BreakerSnapshot(BreakerState.Closed, 0, null, 3, 0, 5, 2, 6, T0, 1, []));
        new SafetyStore(store).SaveRateLimit(new RateLimitSnapshot(T0, 4, 100, 0, null));

        void Event(int second, RunEventKind kind, string message) => runs.AddEvent(RunId, T0.AddSeconds(second), kind, message);

        void Step(int second, int cycle, Phase phase, int files, string started, string ended, Finding[]? findings = null)
        {
            var id = runs.BeginPhase(RunId, cycle, phase, T0.AddSeconds(second));
            Event(second, RunEventKind.Phase, started);
            runs.AddAgentCall(new AgentCallRecord(RunId, cycle, phase, phase == Phase.Implement ? "implementer" : "reviewer", "sim", null, T0.AddSeconds(second + 1), T0.AddSeconds(second + 7), 0, "done", 1, 900, 100, 0.004m, ""));
            if (findings is { Length: > 0 })
            {
                runs.AddFindings(RunId, cycle, phase, FindingsHash.Of(findings)!, findings);
            }

            runs.EndPhase(id, findings is null ? StepOutcome.Done : findings.Length > 0 ? StepOutcome.Findings : StepOutcome.Pass, findings?.Length ?? 0, files, T0.AddSeconds(second + 8));
            Event(second + 8, phase == Phase.Implement ? RunEventKind.Commit : RunEventKind.Phase, ended);
        }
    }
}
