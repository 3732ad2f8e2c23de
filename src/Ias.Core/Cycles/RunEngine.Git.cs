using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Cycles;

/// <summary>Git safety in the engine: ICE's hook and shim for the run's lifetime, commits, publishing at completion and halt.</summary>
public sealed partial class RunEngine
{
    /// <summary>Asked before any remote operation under --confirm-push or auto_push: prompt; null means there is no one to ask (treated as no).</summary>
    public Func<string, bool?>? ConfirmPush { get; init; }

    /// <summary>Leave pushing and the draft PR to the caller (a consolidated sprint plan, a bug run): the engine only commits.</summary>
    public bool DeferPublish { get; init; }

    private PushMode PushMode => Publisher.ModeFor(_run.Options.Local, _run.Options.ConfirmPush, _ctx.Config.RunMode.AutoPush);

    private IcePrePushHook InstallIce() => InstallIce(_ctx);

    private void RemoveIce(IcePrePushHook hook) => RemoveIce(_ctx, hook);

    /// <summary>ICE's run-scoped pre-push hook (chaining the user's); also used around a bug's triage, which runs before the engine.</summary>
    internal static IcePrePushHook InstallIce(EngineContext ctx)
    {
        var hook = new IcePrePushHook(ctx.Git, IceLog.PathFor(ctx.Paths));
        try
        {
            hook.Install();
        }
        catch (IOException e)
        {
            throw new RunModeException($"cannot install ICE's pre-push hook: {e.Message}");
        }

        return hook;
    }

    /// <summary>Puts the user's hooks back and removes the shim, whatever way the run ends.</summary>
    internal static void RemoveIce(EngineContext ctx, IcePrePushHook hook)
    {
        try
        {
            hook.Uninstall();
            IceShim.Remove(ctx.Paths);
        }
        catch (IOException e)
        {
            ctx.Progress($"warning: could not restore git hooks in {hook.HooksDir} ({e.Message}); check pre-push and pre-push.ias-user there");
        }
    }

    /// <summary>
    /// Commits what is left in the tree as one commit of the run and logs every deletion since <paramref name="before"/>;
    /// commits the agent made itself count too. Returns the number of files changed since <paramref name="before"/>, not
    /// counting the a2a files ias writes itself: a cycle whose only change is its own feedback made no progress. The run's
    /// files_changed is the files its whole branch changed, each once, as its PR shows them, ias's a2a files left out too.
    /// </summary>
    private int CommitRunWork(string before, string message, int cycle, string summary)
    {
        // The summary came from the agent, already redacted; this is the last look before the message leaves with a push.
        var sha = _ctx.Git.CommitAll(SecretRedactor.ForThisProcess().Redact(InertText.Lines(message)));
        var head = sha ?? _ctx.Git.HeadSha();
        if (head is null || head == before)
        {
            return 0;
        }

        var changes = _ctx.Git.Changes(before, head);
        foreach (var deleted in changes.Where(c => c.Status == 'D'))
        {
            _ctx.RunFiles.AppendDeleted(deleted.Path, _run.Target, cycle);
        }

        var made = _ctx.Git.CountCommits(before, head);
        var commits = _run.Commits + made;
        var work = changes.Count(c => !IsRunRecord(c.Path));
        _run = _run with { Commits = commits, FilesChanged = _ctx.Git.ChangesOfLast(commits, head).Count(c => !IsRunRecord(c.Path)) };
        Event(RunEventKind.Commit, sha is not null && made == 1
            ? $"{sha[..7]} {changes.Count} file(s): {ShortText.Cut(summary, 60)}"
            : $"{head[..7]} {made} commit(s) (the agent's own included), {changes.Count} file(s): {ShortText.Cut(summary, 60)}");
        return work;
    }

    /// <summary>A halt's second step: pending work becomes a `WIP: Run halted - reason` commit, on the run's branch only.</summary>
    private void CommitPendingWork(string reason)
    {
        if (_ctx.Git.DirtyPaths().Count == 0)
        {
            return;
        }

        if (_ctx.Git.CurrentBranch() != _run.Branch)
        {
            Event(RunEventKind.Commit, $"uncommitted changes left as they are: the work tree is not on {_run.Branch}");
            return;
        }

        CommitRunWork(_ctx.Git.Base(), SprintCommit.Wip(reason), _run.CycleCurrent, SprintCommit.Wip(reason));
    }

    /// <summary>Pushes per the push mode and opens or updates the draft PR (or writes .run/pr.md); records the outcome in state.json.</summary>
    private PublishOutcome Publish(bool incomplete)
    {
        if (DeferPublish)
        {
            return PublishOutcome.Nothing;
        }

        PublishOutcome outcome;
        try
        {
            var start = $"{_run.Branch}~{_run.Commits}";
            var commits = _run.Commits == 0 ? [] : _ctx.Git.Log($"{start}..{_run.Branch}");
            var lines = _ctx.Git.ChangesOfLast(_run.Commits, _run.Branch);
            var checks = CheckChanges.OfLast(_ctx.Git, _run.Commits, _run.Branch, _ctx.Config.TestCommand);
            var text = RunPullRequestText.For(
                _run, _ctx.RunFiles.ReadDeleted(), commits, incomplete, lines, _inputs.ChangedIn(_ctx.RepoRoot), RunTests(incomplete, checks), _ctx.Config.DataPolicy,
                checks, _inputs.PlanEdits(_ctx.RepoRoot));
            var publisher = new Publisher(_ctx.Git, _ctx.Paths, _ctx.Clock, m => Event(RunEventKind.Publish, m), ConfirmPush, () => IceGh.Find(_ctx.Git.RepoRoot, Environment.GetEnvironmentVariable("PATH") ?? ""));
            outcome = publisher.Publish(new PublishRequest(
                _run.Branch, _ctx.Config.RunMode.BaseBranch, PushMode, _ctx.Config.RunMode.CreateDraftPr, _run.Commits > 0, text, ChangeSummary()));
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            Event(RunEventKind.Publish, $"publishing failed: {e.Message}; the work stays on branch {_run.Branch}");
            outcome = new PublishOutcome(false, false, null, e.Message);
        }

        var opened = outcome.PrCreated && !_run.PrCreated;
        _run = _run with
        {
            Pushed = outcome.Pushed,
            PrCreated = outcome.PrCreated || _run.PrCreated,
            PrUrl = outcome.PrUrl ?? _run.PrUrl,
        };
        Persist();
        if (opened)
        {
            Notify(NotificationKind.PrOpened, $"{_run.Target}: draft PR opened{(_run.PrUrl is { } url ? $" at {url}" : "")}");
        }

        return outcome;
    }

    /// <summary>
    /// The project's tests at the commit about to be published, run once per publish of a finished run (a halt's draft
    /// says when they will run instead, so a halt stays quick); the outcome is one line of progress and a run event, which
    /// says so when the run changed the test command's own files (<paramref name="checks"/>).
    /// </summary>
    private TestRunResult RunTests(bool incomplete, CheckChanges checks)
    {
        if (incomplete)
        {
            return TestRunResult.Halted(_ctx.Config.TestCommand);
        }

        var tests = ProjectTests.Run(_ctx, _run.RunId) with { ChecksChanged = checks.TestWarning() };
        Event(RunEventKind.Tests, tests.Line());
        return tests;
    }

    /// <summary>Every halt (user, breaker, failure): commit pending work, enter HALTED, then publish an [INCOMPLETE] draft.</summary>
    private void EnterHalt(RunTrigger trigger, string reason, string why)
    {
        _run = _run with { HaltReason = reason };
        CommitPendingWork(reason);
        Fire(trigger, why);
        Publish(incomplete: true);
        JackOutBugRun();
    }

    /// <summary>A bug run is never resumed (a bug's HALTED has no way out), so its halt ends it: HALTED → JACKED_OUT.</summary>
    private void JackOutBugRun()
    {
        if (IsBugTarget(_run.Target))
        {
            Fire(RunTrigger.JackOut, "a bug run is not resumed");
        }
    }

    /// <summary>What a person does after a halt: resume (<paramref name="resume"/>), or for a bug run, start a new one.</summary>
    private string HowToContinue(string resume) =>
        IsBugTarget(_run.Target) ? "fix the cause, then start a new bug run with `ias run --bug \"...\"`" : resume;

    /// <summary>What `git diff --stat` says the run changed on its branch; shown before a confirmed push.</summary>
    private string ChangeSummary() =>
        _run.Commits == 0 ? "" : _ctx.Git.Try("diff", "--stat", $"{_run.Branch}~{_run.Commits}", _run.Branch).Stdout.TrimEnd();

    /// <summary>Shows the commands ICE refused while the agent worked; the shim and the hook wrote them to ice.log.</summary>
    private void ReportIceRefusals(IceLog log, long from)
    {
        foreach (var (argv, reason) in log.ReadFrom(from))
        {
            Event(RunEventKind.Ice, $"refused `{ShortText.Cut(string.Join(' ', argv), 80)}`: {reason}");
        }
    }

    /// <summary>On resume: refuse a branch that diverged from its upstream unless --force: its commits could be someone else's work.</summary>
    private void CheckDiverged(bool force)
    {
        if (PushMode == PushMode.Push && _ctx.Git.HasRemote(Publisher.Remote))
        {
            var fetch = _ctx.Git.Try("fetch", "--quiet", Publisher.Remote, _run.Branch);
            if (!fetch.Ok && !fetch.Stderr.Contains("couldn't find remote ref", StringComparison.Ordinal))
            {
                Report($"could not fetch {_run.Branch} from {Publisher.Remote} ({fetch.Stderr.Trim().ReplaceLineEndings(" ")}); checking against the last fetched state");
            }
        }

        if (_ctx.Git.Upstream() is not { } upstream)
        {
            return;
        }

        var (ahead, behind) = _ctx.Git.AheadBehind(upstream);
        if (ahead == 0 || behind == 0)
        {
            return;
        }

        if (!force)
        {
            throw new RunModeException(
                $"branch {_run.Branch} and {upstream} have diverged ({ahead} local, {behind} remote commit(s)); reconcile them (e.g. `git pull --rebase`), or `ias run-resume --force` to go on anyway (Run Mode never force-pushes, so its push stays refused until they are reconciled)");
        }

        Event(RunEventKind.Recover, $"{_run.Branch} and {upstream} have diverged ({ahead} local, {behind} remote commit(s)); continuing because of --force");
    }
}
