using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Git;
using Ias.Core.Safety;

namespace Ias.Core.Plans;

/// <summary>A consolidated plan's single draft PR (or its [INCOMPLETE] form at a halt), through the same publisher as a single run.</summary>
internal sealed class PlanPublisher(EngineContext ctx, RunInputs inputs, Func<string, bool?>? confirmPush, Action<string> report)
{
    /// <summary>Pushes the plan's branch and opens or updates its draft PR; the project's tests run first for a complete one.</summary>
    public PublishOutcome Publish(SprintPlanState plan, bool incomplete)
    {
        var cfg = ctx.Config.RunMode;
        var git = ctx.Git;
        var range = git.Try("rev-parse", "--verify", "--quiet", cfg.BaseBranch).Ok ? $"{cfg.BaseBranch}..{plan.Branch}" : plan.Branch;
        var log = git.Try("log", "--reverse", "--format=%h %s", range);
        var commits = log.Ok ? log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        // Once for the consolidated PR, at the plan's last commit; a halt's draft says when they will run instead.
        // The whole branch against its base, as the consolidated PR shows it.
        var checks = commits.Length == 0 ? CheckChanges.None : CheckChanges.OfLast(git, commits.Length, plan.Branch, ctx.Config.TestCommand);
        var tests = incomplete ? TestRunResult.Halted(ctx.Config.TestCommand) : ProjectTests.Run(ctx, plan.PlanId) with { ChecksChanged = checks.TestWarning() };
        if (!incomplete)
        {
            report(tests.Line());
        }

        var text = PlanPullRequestText.For(
            plan, commits, ctx.RunFiles.ReadDeleted(), incomplete, inputs.ChangedIn(ctx.WorkTree), tests, ctx.Config.DataPolicy, checks, inputs.PlanEdits(ctx.WorkTree));
        var summary = commits.Length == 0 ? "" : git.Try("diff", "--stat", range.Replace("..", "...", StringComparison.Ordinal)).Stdout.TrimEnd();
        try
        {
            var publisher = new Publisher(git, ctx.Paths, ctx.Clock, report, confirmPush, () => IceGh.OnPath(git.RepoRoot));
            return publisher.Publish(new PublishRequest(
                plan.Branch, cfg.BaseBranch, Publisher.ModeFor(plan.Options.Run.Local, plan.Options.Run.ConfirmPush, cfg.AutoPush),
                cfg.CreateDraftPr, commits.Length > 0, text, summary));
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            report($"publishing failed: {e.Message}; the work stays on branch {plan.Branch}");
            return new PublishOutcome(false, false, null, e.Message) { NotPublished = $"publishing failed: {e.Message}" };
        }
    }
}
