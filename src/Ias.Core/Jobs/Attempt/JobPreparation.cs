using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// Readies a claimed job for its agent's turn: the role's settings, the turn's files, and for a writing job the branch its
/// commit goes on (the user's, or on a shared queue its own). Ends the job there when it cannot run, or when the commit of
/// an earlier attempt is its result already.
/// </summary>
internal sealed class JobPreparation(JobQueue queue, IAgentInvoker invoker, LoaConfig config, GitCli git, TimeProvider clock, JobReporter reporter, JobPublisher publisher)
{
    private readonly RunPaths _paths = new(queue.Paths.RepoRoot);

    // The box of the queue's agents, laid out at the first boxed job.
    private AgentBox? _box;

    /// <summary>The job ready for its turn with <paramref name="prompt"/>; null when the job ended here.</summary>
    public async Task<PreparedJob?> PrepareAsync(Job job, string prompt, CancellationToken ct)
    {
        var jobDir = queue.Paths.JobDir(job.Id);
        var turn = Turn(git);
        if (await ReadyAsync(job, prompt, jobDir, turn, ct) is not var (settings, branch, tree))
        {
            return null;
        }

        ReviewTarget? review = null;
        if (job.Pr is { } pr && (review = Review(job, pr, jobDir)) is null)
        {
            return null;
        }

        var prepared = new PreparedJob(job, settings, tree == git ? turn : Turn(tree), jobDir, Path.Combine(jobDir, $"attempt-{job.Attempts}"), job.Writes ? tree.Base() : null, branch)
        {
            Review = review,
            WorkTree = tree.RepoRoot,
        };
        OwnerOnly.CreateFolder(Path.Combine(prepared.AttemptDir, "box"));
        OwnerOnly.CreateFolder(prepared.FollowUpDir);
        return prepared;
    }

    /// <summary>Gives back a writing job's worktree once nothing is left to do there; one that holds changes stays, and that is said.</summary>
    /// <remarks>A shared queue's job's once it is done or failed; with <paramref name="job"/> null the run's, as its runner stops.</remarks>
    public void Release(Job? job)
    {
        var branch = job is null ? queue.Shared ? null : JobTree.RunBranch(queue.Run)
            : queue.Shared && job.Writes && queue.Find(job.Id)?.State is JobState.Done or JobState.Failed ? JobBranch.NameOf(job) : null;
        if (branch is not null && RunWorktree.Remove(git, branch) is { } stays)
        {
            reporter.Progress(stays);
        }
    }

    private AgentTurn Turn(GitCli tree) => new AgentTurn(invoker, tree, IceLog.PathFor(_paths), clock, workspace: Workspace(tree)).Limited(config, reporter.Progress);

    /// <summary>The job's settings, its turn's files and CLI, and the git it works in (a writing job's worktree); null when the job ended here.</summary>
    private async Task<(AgentSettings Settings, JobBranch? Branch, GitCli Tree)?> ReadyAsync(Job job, string prompt, string jobDir, AgentTurn turn, CancellationToken ct)
    {
        AgentSettings settings;
        try
        {
            settings = SettingsFor(job, config);
        }
        catch (ConfigException e)
        {
            await turn.PrepareAsync(jobDir, prompt, null, ct);
            Fail(job, FailureClass.ConfigError, e.Message, jobDir);
            return null;
        }

        if (await turn.PrepareAsync(jobDir, prompt, settings, ct) is { } problem)
        {
            Fail(job, FailureClass.ConfigError, problem, jobDir);
            return null;
        }

        if (!job.Writes)
        {
            return (settings, null, git);
        }

        if (queue.Shared)
        {
            return OwnBranch(job, jobDir) is { Tree: { } own } branch ? (settings, branch, own) : null;
        }

        return RunTree(job, jobDir) is { } tree ? (settings, null, tree) : null;
    }

    /// <summary>A review job's pull request, its branch fetched from origin under refs/ias/review/; null when the job ended here.</summary>
    /// <remarks>Only the box can work on a commit the checkout has not checked out, so a review job needs it.</remarks>
    private ReviewTarget? Review(Job job, string pr, string jobDir)
    {
        if (!invoker.Sandboxed)
        {
            Fail(job, FailureClass.ConfigError, $"a review of pull request {pr} runs only in the box, which works on a branch the checkout has not checked out: start the runner without --no-sandbox", jobDir);
            return null;
        }

        if (IceGh.OnPath(git.RepoRoot) is not { } gh)
        {
            Fail(job, FailureClass.ConfigError, $"gh is not installed, so pull request {pr} cannot be read{(IceGh.PassedOver() is { } why ? $" ({why})" : "")}: install gh and run `gh auth login`, then `ias retry-failed`", jobDir);
            return null;
        }

        if (gh.PrView(pr, out var problem) is not { } view)
        {
            Fail(job, FailureClass.ConfigError, $"gh pr view {pr} failed: {problem}", jobDir);
            return null;
        }

        var head = $"refs/ias/review/{job.Id}";
        string[] baseRef = view.BaseBranch.Length > 0 ? [$"+refs/heads/{view.BaseBranch}:{head}-base"] : [];
        var fetched = git.Try(["fetch", "--quiet", "--no-tags", "origin", $"+refs/heads/{view.HeadBranch}:{head}", .. baseRef]);
        // A branch of a fork is not on origin; GitHub keeps every pull request's head under refs/pull/N/head.
        fetched = fetched.Ok ? fetched : git.Try(["fetch", "--quiet", "--no-tags", "origin", $"+refs/pull/{view.Number}/head:{head}", .. baseRef]);
        if (!fetched.Ok)
        {
            Fail(job, FailureClass.Network, $"could not fetch branch {view.HeadBranch} of pull request #{view.Number} from origin: {Storage.ShortText.FirstLine(fetched.Stderr, "no output")}", jobDir);
            return null;
        }

        // What origin has must be what gh names: a pull request of another repository would fetch origin's own #N instead.
        var commit = git.Run("rev-parse", head).Trim();
        if (view.HeadCommit.Length > 0 && commit != view.HeadCommit)
        {
            Fail(job, FailureClass.ConfigError, $"origin's {view.HeadBranch} is at {commit[..7]}, but pull request #{view.Number} is at {view.HeadCommit[..Math.Min(7, view.HeadCommit.Length)]}: it is not a pull request of origin's repository, or it moved meanwhile (then `ias retry-failed`)", jobDir);
            return null;
        }

        var mergeBase = baseRef.Length > 0 && git.Try("merge-base", head, head + "-base") is { Ok: true, Stdout: var found } ? found.Trim() : null;
        reporter.Progress($"job {job.Id} reviews pull request #{view.Number}: {view.HeadBranch} at {commit[..7]}");
        return new ReviewTarget(view, commit, mergeBase);
    }

    /// <summary>The worktree of the run's branch, where a writing job of the checkout's own queue works; null when the job ended here.</summary>
    private GitCli? RunTree(Job job, string jobDir)
    {
        var branch = JobTree.RunBranch(job.Run);
        if (!git.BranchExists(branch) && git.HeadSha() is null)
        {
            Fail(job, FailureClass.ConfigError, $"the checkout has no commit yet, and {branch} starts from its last one: make a first commit (`git commit --allow-empty -m init`), then `ias retry-failed --run {job.Run}`", jobDir);
            return null;
        }

        GitCli tree;
        try
        {
            tree = RunWorktree.Open(git, branch, "HEAD", out var made);
            if (made)
            {
                reporter.Progress($"run {job.Run}'s writing jobs commit on {branch} in {tree.RepoRoot}, from {git.CurrentBranch() ?? "HEAD"} at {tree.Base()[..7]}; your checkout is not touched");
            }
        }
        catch (GitException e)
        {
            Fail(job, FailureClass.ConfigError, $"branch {branch}: {e.Message}", jobDir);
            return null;
        }

        // The job's commit must hold only the agent's work: edits someone made in the run's worktree are refused, never
        // committed. An attempt after a retry, a park, a question or a stopped runner finds the half-done work of its own
        // earlier attempt there instead, and goes on from it (as a resumed implement phase does). The records of questions
        // asked there are ias's, and go with the next commit, as a run's do.
        if (!ContinuesEarlierWork(job) && tree.Uncommitted(DecisionRecordFile.IsRecord) is { } dirty)
        {
            Fail(job, FailureClass.ConfigError, $"{dirty} in {tree.RepoRoot}: commit or stash them there first, so the job's commit holds only the agent's work", jobDir);
            return null;
        }

        // An earlier attempt may have committed and lost its runner before it recorded the job done (kill -9 between
        // the two, as chaos tests do): that commit is the job's result, recorded now instead of doing the work twice.
        if (job.Attempts > 1 && EarlierCommit(tree, job) is { } earlier)
        {
            var sha = earlier.Commits[^1][..7];
            RecordEarlier(job, earlier, $"committed by an earlier attempt ({sha}) before its runner stopped",
                $"job {job.Id} done: its commit {sha} from an earlier attempt is recorded, the agent is not run again", jobDir);
            return null;
        }

        return tree;
    }

    /// <summary>A shared queue's writing job on its own branch; null when the job ended here (its commit pushed by an earlier attempt, or git failed).</summary>
    private JobBranch? OwnBranch(Job job, string jobDir)
    {
        var branch = new JobBranch(git, job, JobText.CommitPrefix(job));
        (string Sha, string Parent)? earlier;
        try
        {
            earlier = branch.Start();
        }
        catch (GitException e)
        {
            Fail(job, FailureClass.Network, $"branch {branch.Name}: {e.Message}", jobDir);
            return null;
        }

        if (earlier is not { } commit)
        {
            return branch;
        }

        var evidence = publisher.DraftPr(job, branch, new JobEvidence([commit.Sha], [.. git.Changes(commit.Parent, commit.Sha).Select(c => c.Path)], null), null, jobDir);
        // A runner that stood still past its lease (a frozen process, a suspended machine) finds the commit of the runner
        // that took its job over: the generation check refuses it, and it says so.
        RecordEarlier(job, evidence, $"committed and pushed to {branch.Name} by an earlier attempt ({commit.Sha[..7]}) before its runner stopped",
            $"job {job.Id} done: its commit {commit.Sha[..7]} on {branch.Name} from an earlier attempt is recorded, the agent is not run again", jobDir);
        return null;
    }

    // The commit of an earlier attempt recorded as the job's result, the agent not run again.
    private void RecordEarlier(Job job, JobEvidence evidence, string summary, string done, string jobDir)
    {
        var recorded = queue.Complete(job, evidence, summary);
        reporter.Progress(recorded ? done : JobReporter.NotRecorded(job));
        reporter.WriteResult(jobDir, job, null, evidence, recorded ? "done" : "lost");
    }

    private void Fail(Job job, FailureClass failure, string why, string jobDir) =>
        reporter.Finish(job, why, queue.Fail(job, failure, why, null), null, jobDir);

    /// <summary>Whether the job's last attempt ended where its agent may have left work in the tree (not a refusal before it ran, nor a failure whose work was committed).</summary>
    private static bool ContinuesEarlierWork(Job job) =>
        job.History.LastOrDefault()?.Outcome is "retry" or "parked" or JobAttempt.Asked or JobAttempt.HandedBack or "recovered" or "lease_expired" or JobAttempt.LostInOutage;

    /// <summary>The job's own commit among the branch's newest, made by an earlier attempt; null when there is none.</summary>
    /// <remarks>Writing jobs run in order (JobQueue.Claim), so an unrecorded commit of this job is at or near HEAD.</remarks>
    private static JobEvidence? EarlierCommit(GitCli tree, Job job)
    {
        var log = tree.Try("log", "-n", "20", "--format=%H%x09%s");
        var sha = log.Ok
            ? log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t', 2))
                .FirstOrDefault(l => l.Length == 2 && l[1].StartsWith(JobText.CommitPrefix(job), StringComparison.Ordinal))?[0]
            : null;
        if (sha is null)
        {
            return null;
        }

        var parent = tree.Try("rev-parse", "--verify", "--quiet", sha + "^") is { Ok: true, Stdout: var p } ? p.Trim() : tree.Run("hash-object", "-t", "tree", "/dev/null").Trim();
        return new JobEvidence([sha], [.. tree.Changes(parent, sha).Select(c => c.Path)], null);
    }

    /// <summary>The role's agent settings from .loa.config.yaml, switched to the job's --agent if it named one.</summary>
    public static AgentSettings SettingsFor(Job job, LoaConfig config)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(config);
        var agents = config.Agents;
        if (job.Agent is not null)
        {
            agents = AgentAdapters.Builtin.Find(job.Agent) is { } adapter
                ? agents.WithAgent(adapter.Kind, AgentAdapters.Builtin.Kinds)
                : throw new ConfigException($"unknown agent \"{job.Agent}\"; use {AgentAdapters.Builtin.Names}");
        }

        // Roles beyond the loop's three (orchestrator, ...) take the implementer's settings when they write, the reviewer's when they read.
        return agents.For(Role.Parse(job.Role), job.Writes);
    }

    /// <summary>The runner's private workspace for <paramref name="tree"/>, where its boxed agents work; none unsandboxed, where they work in the tree.</summary>
    /// <remarks>One folder for the run, job after job, so the agents' build caches survive; it follows the tree each turn starts from.</remarks>
    private Workspace? Workspace(GitCli tree)
    {
        if (!invoker.Sandboxed)
        {
            return null;
        }

        _box ??= new AgentBox(BoxLayout.For(git, config.Sandbox with { Allow = [] }));
        return Sandbox.Workspace.For(tree, git.RepoRoot, $"queue-{queue.Run}", _box);
    }
}
