using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Engine;

/// <summary>Post-PR validation of a PR the run's owner opened.</summary>
public sealed partial class RunEngine
{
    /// <summary>
    /// Post-PR validation of the PR an owner opened (<paramref name="published"/>) for the run it left COMPLETE: a consolidated
    /// sprint plan's last sprint, a bug run. COMPLETE → RUNNING at POST_PR_AUDIT, then the same loop and checks as a sprint's
    /// own PR, to READY_FOR_HITL, or a halt with the owner's draft marked [INCOMPLETE].
    /// </summary>
    public Task<RunSnapshot> ValidateAsync(PublishOutcome published, CancellationToken ct) => ThenCloseNotifierAsync(() => ValidateRunAsync(published, ct));

    private async Task<RunSnapshot> ValidateRunAsync(PublishOutcome published, CancellationToken ct)
    {
        if (OwnerPublish is null || !DeferPublish)
        {
            throw new InvalidOperationException("only a run whose owner publishes is validated on its owner's word");
        }

        using var engineLock = AcquireLock();
        var guard = new StateLossGuard(Ctx, engineLock);
        var run = Ctx.Runs.CurrentRun() is { State: RunState.Complete } complete
            ? complete
            : throw new RunModeException($"no COMPLETE run waits for post-PR validation in {Ctx.RepoRoot}: `ias run-status` says where the run is");
        using var checkout = CheckoutHeld ? null : PreflightChecks.TakeCheckout(Ctx, $"a Run Mode run of {run.Target}");
        var live = Live(run, guard);
        Held.Resume(live);
        _notifier = new RunNotifier(Ctx, Notified);
        GuardAsStored(live);
        Ctx.RunFiles.Adopt();
        var crew = Crew(live);
        crew.Git.Record(published);
        var sprint = SprintText ?? ResumedSection(run.Target);
        return await WithIceAsync(() =>
        {
            crew.Completion.StartValidation();
            return crew.Loop.RunAsync(sprint, ct);
        });
    }
}
