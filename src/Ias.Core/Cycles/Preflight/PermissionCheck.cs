using Ias.Core.Git;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Cycles.Preflight;

/// <summary>
/// Pre-flight's permission check: what the end of a run needs from outside (a push to origin, a signed-in gh), tried
/// before the first agent call, so a run does not work for hours only to find it cannot publish.
/// </summary>
/// <remarks><paramref name="findGh"/> gives the gh the publisher would use, or null when gh is not installed.</remarks>
public sealed class PermissionCheck(GitCli git, Func<GhCli?> findGh, SecretRedactor redactor)
{
    /// <summary>Why the run could not publish <paramref name="branch"/> as planned, in one line; null when it can, or will not try.</summary>
    public string? Problem(PushMode mode, string branch, bool createDraftPr)
    {
        // --local pushes nothing; without origin the publisher keeps the work local and writes .run/pr.md: neither is a failure.
        if (mode == PushMode.Local || !git.HasRemote(Publisher.Remote))
        {
            return null;
        }

        return PushProblem(branch) ?? (createDraftPr ? GhProblem() : null);
    }

    private string? PushProblem(string branch)
    {
        // The run's branch may not exist yet (the run creates it from HEAD once pre-flight passes), so HEAD stands in for it.
        // Git 2.39 runs the pre-push hook even for --dry-run (a hook that exits 1 fails the dry run), so --no-verify keeps
        // the user's hook (a test suite, say) and any ICE hook left by a stopped engine out of a check that only asks the remote.
        string[] args = git.HeadSha() is null
            ? ["ls-remote", "--heads", Publisher.Remote] // nothing to push yet: reachability is all there is to ask
            : ["push", "--dry-run", "--no-verify", Publisher.Remote, $"{(git.BranchExists(branch) ? $"refs/heads/{branch}" : "HEAD")}:refs/heads/{branch}"];
        string reason;
        try
        {
            var r = git.Try(args);
            if (r.Ok)
            {
                return null;
            }

            reason = Reason(r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout) ?? $"git exited with {r.ExitCode}";
        }
        catch (GitException e)
        {
            reason = e.GitMessage;
        }

        var url = git.Try("remote", "get-url", "--push", Publisher.Remote).Stdout.Trim();
        return redactor.Redact(
            $"cannot push {branch} to {Publisher.Remote} ({url}): {reason}; fix access to it (or the branch on it), or pass --local to keep the work on this machine");
    }

    private string? GhProblem()
    {
        // Without gh the PR's text waits in .run/pr.md for a person, as it always has: not a reason to refuse the run.
        if (findGh() is not { } gh)
        {
            return null;
        }

        string problem;
        try
        {
            if (gh.IsAuthenticated(out problem))
            {
                return null;
            }
        }
        catch (GitException e)
        {
            problem = e.GitMessage;
        }

        return redactor.Redact(
            $"gh is not signed in ({problem}): run `gh auth login`, or set run_mode.git.create_draft_pr: false, or pass --local");
    }

    // Git's reason, not its framing: a rejection's first line is "To <url>" and the reason (" ! [rejected] … (fetch first)") follows.
    private static string? Reason(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("To ", StringComparison.Ordinal));
}
