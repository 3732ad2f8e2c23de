using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>When the keys that act on a Run Mode run can act on a queue run's selected job instead, and what they say when they cannot.</summary>
public static class JobKeys
{
    /// <summary>d: a queue run's selected job has a session to reopen (the drop-in itself says why a job has none); otherwise the run's.</summary>
    public static string? WhyNoDropIn(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Queue is null || snap.Replayed is not null ? EngineKeys.WhyNoDropIn(snap)
            : snap.Jobs.Count == 0 ? "the queue has no job to drop into: `ias enqueue` adds one"
            : null;
    }

    /// <summary>b: a queue run's selected job has commits to show (the branch overlay says why a job has none); otherwise the run's branch.</summary>
    public static string? WhyNoBranch(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Queue is null ? EngineKeys.WhyNoBranch(snap)
            : snap.Jobs.Count == 0 ? "the queue has no job, so no branch to show: `ias enqueue` adds one"
            : null;
    }

    /// <summary>b on a queue run whose selection names no job of the queue.</summary>
    public const string NoJob = "no job is selected: j/k select one";

    /// <summary>
    /// b on a queue run: why the selected job has no commits to show, from what the queue says of it; null when git here may
    /// have them. A job of a team's queue commits on a branch of its own, one of a checkout's own queue on the branch its
    /// runner found.
    /// </summary>
    public static string? WhyNoCommits(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job switch
        {
            { Writes: false } => $"{job.Id} does not write: it has no branch",
            { Attempts: 0, Base: not null } => $"{job.Id} has not started: its branch {JobBranch.NameOf(job)} does not exist yet",
            { Attempts: 0 } => $"{job.Id} has not started: it has no commit yet",
            { Base: not null } or { Evidence.Commits.Count: > 0 } => null,
            { State: JobState.Done } => $"{job.Id} is done and committed nothing: its agent changed no file",
            { State: JobState.Failed } => $"{job.Id} failed and committed nothing: its log says why",
            _ => $"{job.Id} has no commit yet: it commits on the checkout's branch when its turn ends",
        };
    }

    /// <summary>
    /// b on a queue run: why git here has none of the selected job's commits, which the queue says it may have, and what
    /// brings them; <paramref name="where"/> is where the job runs or ran when not here (<see cref="JobRow.Where"/>).
    /// </summary>
    public static string NotHere(Job job, string? where)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Base is null)
        {
            var last = job.Evidence?.Commits.LastOrDefault() is { } sha && BranchReader.IsSha(sha) ? sha[..7] : null;
            return last is null
                ? $"{job.Id}'s commits are on no branch here (rebased or deleted?)"
                : $"{job.Id}'s commit {last} is on no branch here (rebased or deleted?): try `git show {last}`";
        }

        // The command is offered only for a name no shell reads as more than a word.
        var branch = JobBranch.NameOf(job);
        var fetch = branch.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') ? $"`git fetch origin {branch}`" : null;
        return (where, fetch) switch
        {
            (_, null) => $"{job.Id}'s branch is not in this checkout",
            ({ } runs, _) when runs.StartsWith("runs on ", StringComparison.Ordinal) => $"{job.Id} runs elsewhere: {fetch} brings its branch once it commits",
            _ when job.Evidence is not { Commits.Count: > 0 } => $"{job.Id} ran elsewhere and pushed no commit: it has no branch to fetch",
            (null, _) => $"{job.Id}'s branch is not here: {fetch} brings origin's copy",
            _ => $"{job.Id} ran elsewhere: {fetch} brings its branch",
        };
    }
}
