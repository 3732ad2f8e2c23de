using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>The queue pane over what a run's store really holds, read as the dashboard reads it.</summary>
public sealed class QueuePaneTests
{
    [Fact]
    public void A_step_that_stopped_to_ask_a_person_is_listed_as_halted_not_done_and_post_PR_steps_name_their_role()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using (var store = RunStore.Open(paths.Database))
        {
            var records = new RunRecords(store);
            var run = Fixtures.Running().Status.Run! with { State = RunState.Running, Phase = Phase.AwaitingDecision, ResumePhase = Phase.E2eTesting, CycleCurrent = 1 };
            records.SaveRun(run);
            var at = run.Started;
            records.EndPhase(records.BeginPhase(run.RunId, 1, Phase.PostPrAudit, at), StepOutcome.Findings, 1, 0, at.AddMinutes(1));
            records.EndPhase(records.BeginPhase(run.RunId, 1, Phase.PostPrFix, at.AddMinutes(1)), StepOutcome.Done, 0, 1, at.AddMinutes(2));
            records.EndPhase(records.BeginPhase(run.RunId, 1, Phase.E2eTesting, at.AddMinutes(2)), StepOutcome.Asked, 0, 0, at.AddMinutes(3));
        }

        using var reader = new SnapshotReader(paths, new ManualClock(Fixtures.Now));
        var buffer = new CellBuffer(120, 40);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, reader.Read(), new DashboardState(), Fixtures.Log());
        var rows = buffer.ToText().Split('\n');

        Assert.Contains(rows, r => r.Contains("✓ c1 POST_PR_AUDIT auditor", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("✓ c1 POST_PR_FIX implementer", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("‖ c1 E2E_TESTING e2e_tester", StringComparison.Ordinal));
    }

    [Fact]
    public void A_blocked_job_and_a_writing_job_held_back_behind_one_each_have_their_own_mark_and_say_why()
    {
        var queue = Fixtures.Queue();
        var held = queue.Jobs[^1] with { Status = JobStatus.HeldBack, Waiting = "held back behind 0006-implementer" };
        var snap = queue with { Jobs = [.. queue.Jobs.SkipLast(1), held] };

        foreach (var (glyphs, blocked, back) in new[] { (Glyphs.Unicode, "?", "◌"), (Glyphs.Ascii, "?", "~") })
        {
            var buffer = new CellBuffer(120, 40);
            new DashboardScreen(ThemeLoader.Load("default"), glyphs, ColorMode.Palette256).Render(buffer, snap, new DashboardState(), Fixtures.Log());
            var rows = buffer.ToText().Split('\n');

            Assert.Contains(rows, r => r.Contains($"{blocked} 0008-auditor", StringComparison.Ordinal) && r.Contains("needs an answer", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains($"{back} 0009-reviewer", StringComparison.Ordinal) && r.Contains("held back", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains($"{glyphs.Pending} 0007-reviewer", StringComparison.Ordinal));
        }
    }
}
