using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Tests.Jobs;

/// <summary>A review job names its pull request plainly, never writes, and its comment says the verdict, the commit and the findings without the verdict block or a secret.</summary>
public sealed class PullRequestReviewTests
{
    private static readonly PullRequest Pr = new(42, "https://github.com/acme/demo/pull/42", "Greet by name", "feature/greeting", "", "main");

    private static readonly Job Job = new("night", "0003-reviewer", 3, "reviewer", "Review it.", "claude", false, JobState.Running, 1,
        QueueFixture.Start, QueueFixture.Start, null, null, 1, null, null, null, null, null, null, [])
    { Pr = "42" };

    [Theory]
    [InlineData("42", "42")]
    [InlineData("#42", "42")]
    [InlineData(" https://github.com/acme/demo/pull/42 ", "https://github.com/acme/demo/pull/42")]
    [InlineData("https://ghe.example.com:8443/team/app/pull/7/", "https://ghe.example.com:8443/team/app/pull/7/")]
    [InlineData("0", null)]
    [InlineData("forty-two", null)]
    [InlineData("https://github.com/acme/demo/issues/42", null)]
    [InlineData("42; rm -rf /", null)]
    public void A_pull_request_is_a_number_or_the_url_of_one(string text, string? reference) =>
        Assert.Equal(reference, PullRequestReview.Reference(text));

    [Fact]
    public void A_request_for_a_review_defaults_its_prompt_and_refuses_to_write()
    {
        var request = JobRequests.Read("""{"role": "reviewer", "pr": "#42"}""", f => f);

        Assert.Equal(("42", PullRequestReview.DefaultPrompt, false), (request.Pr, request.Prompt, request.Writes));
        Assert.Equal(
            "a review of pull request 42 reads only: give it a reading role such as reviewer, without write",
            Assert.Throws<QueueException>(() => JobRequests.Read("""{"role": "implementer", "pr": "42"}""", f => f)).Message);
    }

    [Fact]
    public void A_review_with_findings_asks_for_changes_and_lists_them_without_its_verdict_block()
    {
        const string Final = "The greeting misses a test.\n\n```json\n{\"verdict\": \"findings\", \"findings\": [{\"severity\": \"high\", \"file\": \"src/greet.cs\", \"line\": 3, \"title\": \"no test for an empty name\"}]}\n```";

        var comment = PullRequestReview.Comment(Job, Pr, "0123456789abcdef", Final, DataPolicy.Default);

        Assert.Equal(
            "**ias review: request changes (1 finding(s))**\n\n"
            + "Queue job `0003-reviewer` of run `night` (reviewer, agent claude) reviewed `0123456` of `feature/greeting`.\n\n"
            + "- **F1** (high) no test for an empty name at `src/greet.cs:3`\n\n"
            + "The greeting misses a test.\n",
            comment);
    }

    [Fact]
    public void A_passing_review_approves_and_one_without_a_verdict_says_so_and_a_secret_never_leaves()
    {
        var pass = PullRequestReview.Comment(Job, Pr, "0123456789abcdef", "Looks right.\n```json\n{\"verdict\": \"pass\", \"findings\": []}\n```", DataPolicy.Default);
        var none = PullRequestReview.Comment(Job, Pr, "0123456789abcdef", "I found the key AKIAIOSFODNN7EXAMPLE in config.", DataPolicy.Default);

        Assert.StartsWith("**ias review: approve**\n\n", pass);
        Assert.EndsWith("Looks right.\n", pass);
        Assert.StartsWith("**ias review: no verdict given** (the final message has no ```json verdict block)\n\n", none);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", none);
    }

    [Fact]
    public void The_agent_is_told_which_pull_request_it_reviews_and_where_its_changes_are()
    {
        var lead = PullRequestReview.Lead(Pr, "fedcba9876543210");

        Assert.StartsWith("You review pull request #42, \"Greet by name\" (https://github.com/acme/demo/pull/42): your working tree is its branch feature/greeting at HEAD, and its changes are `git diff fedcba987654 HEAD`", lead);
        Assert.Contains("```json block", lead);
    }
}
