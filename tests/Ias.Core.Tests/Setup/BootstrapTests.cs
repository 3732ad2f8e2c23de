using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Setup;

/// <summary>
/// `ias bootstrap`'s steps on real repositories: a profile's files written and committed alone, a person's files and
/// uncommitted work never taken, declined steps changing nothing, and a second walk finding nothing to do.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Root => _repo.Path;

    private GitCli Git => _repo.Git;

    [Fact]
    public void Terminal_writes_what_an_agent_reads_commits_exactly_those_files_and_a_second_walk_takes_nothing()
    {
        var taken = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System).Walk(_ => true, apply: true);

        string[] files = ["AGENTS.md", "CLAUDE.md", "docs/ias/project-context.md", "docs/ias/context/base-goal.md", "docs/ias/process/run-protocol.md", "docs/ias/process/quality-gates.md"];
        Assert.Equal([.. files.Select(f => $"write {f}"), $"commit {string.Join(", ", files)} as \"{Bootstrap.CommitMessage}\""], taken.Select(s => s.Offer));
        Assert.Equal(Bootstrap.CommitMessage, Git.Run("log", "-1", "--format=%s").Trim());
        Assert.Equal(files.Order(StringComparer.Ordinal), Git.Run("show", "--name-only", "--format=", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Empty(Git.DirtyPaths());
        Assert.False(Directory.Exists(Path.Combine(Root, "docs", "ias", "runs")), "the terminal profile has no runs folder");

        var again = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System);
        Assert.Empty(again.Walk(_ => true, apply: true));
        Assert.Equal(Bootstrap.CommitMessage, Git.Run("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public void Hybrid_adds_the_runs_folder_the_job_queue_uses_the_external_inputs_and_the_gaps()
    {
        Bootstrap.Inspect(Root, ScaffoldProfile.Hybrid, TimeProvider.System).Walk(_ => true, apply: true);

        Assert.Equal(ScaffoldTexts.RunsReadme, File.ReadAllText(Path.Combine(Root, "docs", "ias", "runs", "README.md")));
        Assert.Equal(ScaffoldTexts.Inputs, File.ReadAllText(Path.Combine(Root, "docs", "ias", "context", "inputs.md")));
        Assert.Equal(ScaffoldTexts.Gaps, File.ReadAllText(Path.Combine(Root, "docs", "ias", "gaps.md")));
        Assert.Empty(Git.DirtyPaths());
    }

    [Fact]
    public void A_persons_uncommitted_work_stays_theirs_their_AGENTS_md_gains_the_section_but_is_not_committed()
    {
        _repo.Write("AGENTS.md", "# Rules\n");
        Git.Run("add", "AGENTS.md");
        Git.Run("commit", "--quiet", "-m", "rules");
        _repo.Write("AGENTS.md", "# Rules\n\nA rule being written.\n");
        _repo.Write("notes.txt", "mine\n");
        var bootstrap = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System);

        bootstrap.Walk(_ => true, apply: true);

        Assert.Equal(["AGENTS.md", "notes.txt"], Git.DirtyPaths().Order(StringComparer.Ordinal));
        Assert.StartsWith("# Rules\n\nA rule being written.\n\n" + MarkedSection.Begin, File.ReadAllText(Path.Combine(Root, "AGENTS.md")), StringComparison.Ordinal);
        Assert.DoesNotContain("AGENTS.md", Git.Run("show", "--name-only", "--format=", "HEAD"), StringComparison.Ordinal);
        Assert.Equal(
            "AGENTS.md had uncommitted changes of yours, so it is left uncommitted with them: commit it when you commit those",
            Assert.Single(bootstrap.Notes));
    }

    [Fact]
    public void Declined_steps_change_nothing_and_a_walk_that_only_tells_writes_nothing()
    {
        var declined = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System).Walk(_ => false, apply: true);
        var told = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System).Walk(_ => true, apply: false);

        Assert.Empty(declined);
        Assert.Equal(7, told.Count);
        Assert.Equal(["README.md"], Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName).Where(n => n != ".git"));
        Assert.Equal("initial", Git.Run("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public void Without_a_name_for_git_the_scaffold_is_written_and_left_uncommitted_with_what_to_do()
    {
        Git.Run("config", "user.name", "");
        var bootstrap = Bootstrap.Inspect(Root, ScaffoldProfile.Terminal, TimeProvider.System);

        var taken = bootstrap.Walk(_ => true, apply: true);

        Assert.Equal(6, taken.Count);
        Assert.StartsWith($"the scaffold is left uncommitted: {Git.IdentityProblem()}", Assert.Single(bootstrap.Notes), StringComparison.Ordinal);
        Assert.Equal("initial", Git.Run("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public void Outside_a_repository_it_says_git_init_first()
    {
        using var dir = new TempDir();

        var refused = Assert.Throws<RunModeException>(() => Bootstrap.Inspect(dir.Path, ScaffoldProfile.Terminal, TimeProvider.System));

        Assert.Equal($"{dir.Path} is not a git repository: run `git init` there first, then `ias bootstrap` again", refused.Message);
    }
}
