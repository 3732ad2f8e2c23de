using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Publishing;

/// <summary>Git safety in the engine: ICE's hook and shim for the run's lifetime, commits, publishing at completion and halt, the branch on resume.</summary>
internal sealed class RunGit(
    EngineContext ctx, LiveRun live, A2aWriter a2a, RunInputs inputs, RunNotifier? notifier, Func<string, bool?>? confirmPush, bool deferPublish,
    OwnerPublish? ownerPublish = null)
{
    private readonly EngineContext _ctx = ctx;
    private readonly LiveRun _live = live;

    private PushMode PushMode => Publisher.ModeFor(_live.Run.Options.Local, _live.Run.Options.ConfirmPush, _ctx.Config.RunMode.AutoPush);

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

    /// <summary>Puts the user's hooks back and removes the shim, whatever way the run ends, once no other engine needs them.</summary>
    internal static void RemoveIce(EngineContext ctx, IcePrePushHook hook)
    {
        try
        {
            if (hook.Uninstall())
            {
                IceShim.Remove(ctx.Paths);
            }
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
    public int CommitRunWork(string before, string message, int cycle, string summary) =>
        Counted(before, TurnCommit.Make(_ctx.Git, before, message), cycle, summary);

    /// <summary>
    /// One of ias's own bookkeeping commits (the COMPLETED marker, the red-team report): only the run's records go in. A
    /// change a person made in the tree (one `ias run-resume --force` let stay) is never hidden in it: it is left where it
    /// is, and said once, for the next implement commit or the person to take.
    /// </summary>
    public void CommitRunRecords(string message, int cycle, string summary)
    {
        var before = _ctx.Git.Base();
        var dirty = _ctx.Git.DirtyPaths();
        var records = dirty.Where(a2a.IsRunRecord).ToList();
        var theirs = dirty.Count - records.Count;
        if (theirs > 0)
        {
            _live.Event(RunEventKind.Commit, $"{theirs} uncommitted change(s) not made by the run (e.g. {dirty.First(p => !a2a.IsRunRecord(p))}) left out of \"{ShortText.Cut(summary, 40)}\": they stay in the work tree");
        }

        Counted(before, TurnCommit.After(_ctx.Git, before, _ctx.Git.CommitOnly(TurnCommit.Outgoing(message), records)), cycle, summary);
    }

    private int Counted(string before, TurnCommit? commit, int cycle, string summary)
    {
        if (commit is not (var sha, var head))
        {
            return 0;
        }

        var changes = _ctx.Git.Changes(before, head);
        foreach (var deleted in changes.Where(c => c.Status == 'D'))
        {
            _ctx.RunFiles.AppendDeleted(deleted.Path, _live.Run.Target, cycle);
        }

        var made = _ctx.Git.CountCommits(before, head);
        var commits = _live.Run.Commits + made;
        var work = changes.Count(c => !a2a.IsRunRecord(c.Path));
        _live.Update(r => r with { Commits = commits, FilesChanged = _ctx.Git.ChangesOfLast(commits, head).Count(c => !a2a.IsRunRecord(c.Path)) });
        _live.Event(RunEventKind.Commit, sha is not null && made == 1
            ? $"{sha[..7]} {changes.Count} file(s): {ShortText.Cut(summary, 60)}"
            : $"{head[..7]} {made} commit(s) (the agent's own included), {changes.Count} file(s): {ShortText.Cut(summary, 60)}");
        return work;
    }

    /// <summary>A halt's second step: pending work becomes a `WIP: Run halted - reason` commit, on the run's branch only.</summary>
    public void CommitPendingWork(string reason)
    {
        if (_ctx.Git.DirtyPaths().Count == 0)
        {
            return;
        }

        if (_ctx.Git.CurrentBranch() != _live.Run.Branch)
        {
            _live.Event(RunEventKind.Commit, $"uncommitted changes left as they are: the work tree is not on {_live.Run.Branch}");
            return;
        }

        CommitRunWork(_ctx.Git.Base(), SprintCommit.Wip(reason), _live.Run.CycleCurrent, SprintCommit.Wip(reason));
    }

    /// <summary>
    /// Pushes per the push mode and opens or updates the draft PR (or writes .run/pr.md); records the outcome in state.json.
    /// A run whose owner publishes (a consolidated sprint plan, a bug run) publishes nothing itself, except in post-PR
    /// validation, where a fix or a halt goes to the owner's draft through the owner's own publisher.
    /// </summary>
    public PublishOutcome Publish(bool incomplete)
    {
        if (deferPublish)
        {
            return ownerPublish is { } owner && _live.Run.InPostPr ? Record(owner(_live.Run, incomplete)) : PublishOutcome.Nothing;
        }

        PublishOutcome outcome;
        try
        {
            var start = $"{_live.Run.Branch}~{_live.Run.Commits}";
            var commits = _live.Run.Commits == 0 ? [] : _ctx.Git.Log($"{start}..{_live.Run.Branch}");
            var lines = _ctx.Git.ChangesOfLast(_live.Run.Commits, _live.Run.Branch);
            var checks = CheckChanges.OfLast(_ctx.Git, _live.Run.Commits, _live.Run.Branch, _ctx.Config.TestCommand);
            var text = RunPullRequestText.For(
                _live.Run, _ctx.RunFiles.ReadDeleted(), commits, incomplete, lines, inputs.ChangedIn(_ctx.WorkTree), RunTests(incomplete, checks), _ctx.Config.DataPolicy,
                checks, inputs.PlanEdits(_ctx.WorkTree));
            var publisher = new Publisher(_ctx.Git, _ctx.Paths, _ctx.Clock, m => _live.Event(RunEventKind.Publish, m), confirmPush, () => IceGh.OnPath(_ctx.Git.RepoRoot));
            outcome = publisher.Publish(new PublishRequest(
                _live.Run.Branch, _ctx.Config.RunMode.BaseBranch, PushMode, _ctx.Config.RunMode.CreateDraftPr, _live.Run.Commits > 0, text, ChangeSummary()));
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            _live.Event(RunEventKind.Publish, $"publishing failed: {e.Message}; the work stays on branch {_live.Run.Branch}");
            outcome = new PublishOutcome(false, false, null, e.Message) { NotPublished = $"publishing failed: {e.Message}" };
        }

        return Record(outcome);
    }

    /// <summary>What a publish did, in state.json (pushed, the PR and its URL); the PR's first opening is notified.</summary>
    public PublishOutcome Record(PublishOutcome outcome)
    {
        var opened = outcome.PrCreated && !_live.Run.PrCreated;
        _live.Update(r => r with
        {
            Pushed = outcome.Pushed,
            PrCreated = outcome.PrCreated || r.PrCreated,
            PrUrl = outcome.PrUrl ?? r.PrUrl,
            // The remote's words, kept as an event's are: a URL's token or a secret it echoed never reaches the state files.
            NotPublished = outcome.NotPublished is { } why ? SecretRedactor.InertLines(why) : null,
        });
        _live.Persist();
        if (opened)
        {
            notifier?.Notify(_live.Run, NotificationKind.PrOpened, $"{_live.Run.Target}: draft PR opened{(_live.Run.PrUrl is { } url ? $" at {url}" : "")}");
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

        var tests = ProjectTests.Run(_ctx, _live.Run.RunId) with { ChecksChanged = checks.TestWarning() };
        _live.Event(RunEventKind.Tests, tests.Line());
        return tests;
    }

    /// <summary>What `git diff --stat` says the run changed on its branch; shown before a confirmed push.</summary>
    private string ChangeSummary() =>
        _live.Run.Commits == 0 ? "" : _ctx.Git.Try("diff", "--stat", $"{_live.Run.Branch}~{_live.Run.Commits}", _live.Run.Branch).Stdout.TrimEnd();

    /// <summary>Shows the commands ICE refused while the agent worked; the shim and the hook wrote them to ice.log.</summary>
    public void ReportIceRefusals(IceLog log, long from)
    {
        foreach (var (argv, reason) in log.ReadFrom(from))
        {
            _live.Event(RunEventKind.Ice, $"refused `{ShortText.Cut(string.Join(' ', argv), 80)}`: {reason}");
        }
    }

    /// <summary>On resume: refuse a branch that diverged from its copy on origin unless --force: its commits could be someone else's work.</summary>
    public void CheckDiverged(bool force)
    {
        if (PushMode == PushMode.Push && _ctx.Git.HasRemote(Publisher.Remote))
        {
            var fetch = _ctx.Git.Try("fetch", "--quiet", Publisher.Remote, _live.Run.Branch);
            if (!fetch.Ok && !fetch.Stderr.Contains("couldn't find remote ref", StringComparison.Ordinal))
            {
                _live.Report($"could not fetch {_live.Run.Branch} from {Publisher.Remote} ({fetch.Stderr.Trim().ReplaceLineEndings(" ")}); checking against the last fetched state");
            }
        }

        if (_ctx.Git.RemoteBranch(Publisher.Remote, _live.Run.Branch) is not { } upstream)
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
                $"branch {_live.Run.Branch} and {upstream} have diverged ({ahead} local, {behind} remote commit(s)); reconcile them (e.g. `git pull --rebase`), or `ias run-resume --force` to go on anyway (Run Mode never force-pushes, so its push stays refused until they are reconciled)");
        }

        _live.Event(RunEventKind.Recover, $"{_live.Run.Branch} and {upstream} have diverged ({ahead} local, {behind} remote commit(s)); continuing because of --force");
    }

    /// <summary>On resume: on the run's branch, and no stray edits outside an interrupted implement phase.</summary>
    public void EnsureBranchAndTree(bool force)
    {
        // The feedback a verdict wrote waits for the run's next commit: an engine stopped before it leaves it in the tree.
        var dirty = _ctx.Git.DirtyPaths().Where(p => !a2a.IsRunRecord(p)).ToList();
        var current = _ctx.Git.CurrentBranch();
        if (current != _live.Run.Branch)
        {
            // Switching back could carry someone's work onto the run's branch; the person decides.
            throw new RunModeException(
                $"on branch {current ?? "(detached HEAD)"}, but run {_live.Run.RunId} works on {_live.Run.Branch}: commit or stash your changes, `git switch {_live.Run.Branch}`, then `ias run-resume`");
        }

        // An implement phase cut off mid-way leaves the agent's edits in the tree; they are its work, kept and committed.
        var resumingImplement = (_live.Run.Phase is Phase.RateLimited or Phase.AwaitingDecision ? _live.Run.ResumePhase : _live.Run.Phase) == Phase.Implement;
        if (dirty.Count > 0 && !resumingImplement && !force)
        {
            throw new RunModeException(
                $"work tree has {dirty.Count} uncommitted change(s) (e.g. {dirty[0]}) made outside the run; commit or stash them, or `ias run-resume --force` to fold them into the next implement commit");
        }
    }
}
