using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Git;
using Ias.Core.Safety;

namespace Ias.Core.Bugs;

/// <summary>A bug's draft PR with its confidence signals (an [INCOMPLETE] one for a halted bug), through the same publisher as a single run.</summary>
internal sealed class BugPublisher(EngineContext ctx, RunInputs inputs, Func<string, bool?>? confirmPush, Action<string> report)
{
    /// <summary>Pushes the bug's branch and opens or updates its draft PR, with the commits since <paramref name="start"/>; the tests run for a fixed bug only.</summary>
    public PublishOutcome Publish(BugRecord bug, string start, bool incomplete)
    {
        var head = ctx.Git.HeadSha() ?? start;
        var checks = CheckChanges.Between(ctx.Git, start, head, ctx.Config.TestCommand);
        var tests = incomplete ? TestRunResult.Halted(ctx.Config.TestCommand) : ProjectTests.Run(ctx, $"bug-{bug.BugId}") with { ChecksChanged = checks.TestWarning() };
        if (!incomplete)
        {
            report(tests.Line());
        }

        var commits = ctx.Git.CountCommits(start, head) == 0 ? [] : ctx.Git.Log($"{start}..{head}").Reverse().ToList();
        var cfg = ctx.Config.RunMode;
        try
        {
            var publisher = new Publisher(ctx.Git, ctx.Paths, ctx.Clock, report, confirmPush, () => IceGh.OnPath(ctx.Git.RepoRoot));
            return publisher.Publish(new PublishRequest(
                bug.Branch, cfg.BaseBranch, Publisher.ModeFor(bug.Options.Local, bug.Options.ConfirmPush, cfg.AutoPush), cfg.CreateDraftPr,
                commits.Count > 0, BugPullRequestText.For(bug, commits, incomplete, inputs.ChangedIn(ctx.WorkTree), tests, ctx.Config.DataPolicy, checks), ctx.Git.Try("diff", "--stat", start, head).Stdout.TrimEnd()));
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            report($"publishing failed: {e.Message}; the fix stays on branch {bug.Branch}");
            return PublishOutcome.Nothing;
        }
    }

    /// <summary>
    /// Where a bug's branch started and its micro-sprint as triage committed it, read from the triage commit on the branch
    /// (`chore(sprint-bug-N): triage — …`); null when the branch has no such commit.
    /// </summary>
    public static (string Start, string MicroSprint)? FromTriage(GitCli git, BugRecord bug)
    {
        var triage = git.Try("log", "--format=%H", "--fixed-strings", $"--grep=chore({bug.SprintId}): triage", "-n", "1", "HEAD").Stdout.Trim();
        if (triage.Length == 0 || git.Try("rev-parse", "--verify", "--quiet", $"{triage}^") is not { Ok: true } parent)
        {
            return null;
        }

        var sprint = git.Try("show", $"{triage}:{bug.ArtifactsDir}/sprint.md");
        return sprint.Ok ? (parent.Stdout.Trim(), sprint.Stdout) : null;
    }
}
