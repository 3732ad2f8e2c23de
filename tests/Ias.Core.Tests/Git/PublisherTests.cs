using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Tests.Git;

/// <summary>Publishing against a real bare origin; gh is left off PATH here (the engine tests bring a fake one).</summary>
public sealed class PublisherTests
{
    [Fact]
    public void A_local_run_pushes_nothing_and_says_so_leaving_the_pr_text_in_pr_md()
    {
        using var o = new OriginRepo();
        var (publisher, said, paths) = Make(o);

        var outcome = publisher.Publish(Request(PushMode.Local));

        Assert.Equal(PublishOutcome.Nothing, outcome);
        Assert.Null(o.OriginSha("feature/x"));
        Assert.StartsWith("local run: no push, no PR", Assert.Single(said));
        Assert.StartsWith("# Run Mode: sprint-1\n\n## Summary", File.ReadAllText(Publisher.PrFile(paths)));
    }

    [Fact]
    public void Confirm_push_without_a_terminal_is_a_no_and_asks_before_anything_remote()
    {
        using var o = new OriginRepo();
        string? asked = null;
        var (publisher, said, _) = Make(o, q =>
        {
            asked = q;
            return null;
        });

        var outcome = publisher.Publish(Request(PushMode.Confirm) with { ChangeSummary = " feature.txt | 1 +" });

        Assert.False(outcome.Pushed);
        Assert.Null(o.OriginSha("feature/x"));
        Assert.Contains("feature.txt | 1 +", asked);
        Assert.Contains("[y/N]", asked);
        Assert.Contains("no terminal to ask", Assert.Single(said));
    }

    [Fact]
    public void Confirm_push_answered_no_keeps_local_and_yes_pushes_the_feature_branch_only()
    {
        using var o = new OriginRepo();
        var (no, saidNo, _) = Make(o, _ => false);
        Assert.False(no.Publish(Request(PushMode.Confirm)).Pushed);
        Assert.Contains("kept local as you answered", Assert.Single(saidNo));

        var (yes, saidYes, _) = Make(o, _ => true);
        var outcome = yes.Publish(Request(PushMode.Confirm));

        Assert.True(outcome.Pushed);
        Assert.False(outcome.PrCreated);
        Assert.Equal(o.Git.HeadSha(), o.OriginSha("feature/x"));
        Assert.Equal("origin/feature/x", o.Git.RemoteBranch("origin", "feature/x"));
        Assert.Equal(["refs/heads/feature/x", "refs/heads/main"], o.OriginRefs().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
        Assert.Contains(saidYes, s => s.StartsWith("gh is not installed", StringComparison.Ordinal) && s.Contains(".run/pr.md"));
    }

    [Fact]
    public void No_remote_named_origin_or_no_commits_means_nothing_to_push()
    {
        using var o = new OriginRepo();
        var (publisher, said, _) = Make(o);

        Assert.False(publisher.Publish(Request(PushMode.Push) with { HasCommits = false }).Pushed);
        o.Git.Run("remote", "remove", "origin");
        Assert.False(publisher.Publish(Request(PushMode.Push)).Pushed);

        Assert.Contains("nothing to push", said[0]);
        Assert.Contains("no remote named origin", said[1]);
    }

    [Fact]
    public void A_rejected_push_is_reported_once_with_gits_message_and_not_retried()
    {
        using var o = new OriginRepo();
        o.Git.Run("remote", "set-url", "origin", "/nonexistent/origin.git");
        var (publisher, said, _) = Make(o);

        var outcome = publisher.Publish(Request(PushMode.Push));

        Assert.False(outcome.Pushed);
        Assert.Contains("does not appear to be a git repository", outcome.PushError);
        var line = Assert.Single(said);
        Assert.Contains("push of feature/x to origin failed", line);
        Assert.Contains("ias run-resume", line);
        Assert.StartsWith("the push of feature/x to origin was refused: ", outcome.NotPublished);
        Assert.Contains("does not appear to be a git repository", outcome.NotPublished);
    }

    [Fact]
    public void A_push_without_gh_says_why_no_draft_pr_was_opened_and_a_kept_back_one_says_nothing()
    {
        using var o = new OriginRepo();
        var (publisher, said, _) = Make(o);

        var outcome = publisher.Publish(Request(PushMode.Push));

        Assert.True(outcome.Pushed);
        Assert.False(outcome.PrCreated);
        Assert.Contains("no draft PR was opened", outcome.NotPublished);
        Assert.Contains(".run/pr.md", said[^1]);
        Assert.Null(publisher.Publish(Request(PushMode.Local)).NotPublished);
    }

    private static (Publisher Publisher, List<string> Said, RunPaths Paths) Make(OriginRepo o, Func<string, bool?>? confirm = null)
    {
        var said = new List<string>();
        var paths = new RunPaths(o.Repo.Path);
        paths.EnsureCreated();
        return (new Publisher(o.Git, paths, TimeProvider.System, said.Add, confirm, findGh: () => null, TimeSpan.FromMilliseconds(1)), said, paths);
    }

    private static PublishRequest Request(PushMode mode)
    {
        var run = new RunSnapshot("run-1", "sprint-1", "feature/x", RunState.Complete, Phase.Audit, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            1, 20, [], 1, 1, 0, new RunOptions(20, 8));
        return new PublishRequest("feature/x", "main", mode, CreateDraftPr: true, HasCommits: true, RunPullRequestText.For(run, [], [], incomplete: false), "");
    }
}
