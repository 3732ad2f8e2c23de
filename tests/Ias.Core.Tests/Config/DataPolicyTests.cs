using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>The data policy itself: which fields it allows, the marker of withheld text, and a repository's identity.</summary>
public sealed class DataPolicyTests
{
    private static readonly DataPolicy MetadataOnly = new(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);

    [Fact]
    public void Internal_ok_allows_every_field_even_with_an_empty_allowlist()
    {
        var policy = new DataPolicy(DataPolicyMode.InternalOk, new HashSet<string>());

        Assert.All(DataPolicy.Fields, field => Assert.True(policy.Allows(field), field));
        Assert.Equal("the secret plan", policy.Text("pr.body", "the secret plan"));
    }

    [Fact]
    public void Metadata_only_allows_exactly_the_allowlisted_fields()
    {
        Assert.Equal(
            ["repo.label", "intake.title", "intake.rawContent", "job.prompt"],
            DataPolicy.Fields.Where(MetadataOnly.Allows));
    }

    [Fact]
    public void The_policy_knows_the_twelve_fields_of_the_spec()
    {
        Assert.Equal(
            ["repo.label", "repo.url", "intake.title", "intake.rawContent", "job.prompt", "job.summary", "job.reason", "pr.title", "pr.body", "decision.question", "decision.answer", "notify.summary"],
            DataPolicy.Fields);
    }

    [Fact]
    public void A_withheld_text_becomes_its_field_and_the_first_twelve_hex_digits_of_its_sha256()
    {
        Assert.Equal("[withheld: job.summary, sha256:a027d38c3496]", MetadataOnly.Text("job.summary", "Ship the billing export by Friday"));
        Assert.Equal("[withheld: pr.body, sha256:850f7dc43910]", MetadataOnly.Text("pr.body", "café")); // hashed as UTF-8
    }

    [Fact]
    public void An_allowed_text_is_kept_and_null_stays_null_either_way()
    {
        Assert.Equal("Ship the billing export by Friday", MetadataOnly.Text("intake.title", "Ship the billing export by Friday"));
        Assert.Null(MetadataOnly.Text("intake.title", null));
        Assert.Null(MetadataOnly.Text("job.summary", null));
    }

    [Fact]
    public void A_job_prompt_is_the_goal_description_so_allowlisting_intake_raw_content_allows_it()
    {
        var rawContent = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "intake.rawContent" });
        var prompt = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "job.prompt" });
        var neither = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "intake.title" });

        Assert.True(rawContent.Allows("job.prompt"));
        Assert.True(prompt.Allows("job.prompt"));
        Assert.False(prompt.Allows("intake.rawContent")); // the alias goes one way only
        Assert.False(neither.Allows("job.prompt"));
        Assert.Equal("[withheld: job.prompt, sha256:a027d38c3496]", neither.Text("job.prompt", "Ship the billing export by Friday"));
    }

    [Fact]
    public void An_unknown_field_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => MetadataOnly.Allows("pr.description"));
        Assert.Throws<ArgumentException>(() => DataPolicy.Default.Text("job.title", null));
        Assert.Throws<ArgumentException>(() => new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "repo.name" }));
        Assert.Throws<ArgumentException>(() => MetadataOnly with { Allowlist = new HashSet<string> { "repo.name" } });
    }

    [Fact]
    public void The_allowlist_is_a_copy_that_later_changes_to_the_given_set_do_not_reach()
    {
        var given = new HashSet<string> { "pr.title" };
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, given);

        given.Add("pr.body");

        Assert.False(policy.Allows("pr.body"));
        Assert.Equal(new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "pr.title" }), policy);
    }

    [Theory]
    [InlineData("https://github.com/Org/Repo")]
    [InlineData("https://github.com/Org/Repo.git")]
    [InlineData("https://github.com/Org/Repo.git/")]
    [InlineData("  https://GitHub.COM/Org/Repo/  ")]
    public void A_repository_is_identified_by_a_hash_of_its_normalised_url(string url)
    {
        Assert.Equal("sha256:f4934979b416d3a5", DataPolicy.Default.RepoIdentity(url));
        Assert.Equal("sha256:f4934979b416d3a5", MetadataOnly.RepoIdentity(url));
    }

    [Fact]
    public void Only_the_host_is_lower_cased_so_the_path_keeps_its_case()
    {
        Assert.NotEqual(DataPolicy.Default.RepoIdentity("https://github.com/Org/Repo"), DataPolicy.Default.RepoIdentity("https://github.com/org/Repo"));
        Assert.Equal(
            DataPolicy.Default.RepoIdentity("https://ci@GitHub.com:8443/Org/Repo"),
            DataPolicy.Default.RepoIdentity("https://ci@github.com:8443/Org/Repo.git"));
    }

    [Fact]
    public void An_scp_style_remote_lower_cases_its_host_too_and_a_local_path_only_loses_its_git_suffix()
    {
        Assert.Equal("sha256:644877057b887d20", DataPolicy.Default.RepoIdentity("git@GITHUB.com:Org/Repo.git"));
        Assert.Equal(DataPolicy.Default.RepoIdentity("/srv/git/Repo"), DataPolicy.Default.RepoIdentity("/srv/git/Repo.git/"));
    }
}
