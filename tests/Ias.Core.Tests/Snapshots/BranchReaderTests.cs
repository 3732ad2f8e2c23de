using Ias.Core.Git;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>The run's branch as a person looks at it: its commits over the base, each with what it changed, and its PR.</summary>
public sealed class BranchReaderTests
{
    [Fact]
    public void A_branch_lists_its_own_commits_newest_first_with_files_and_lines_changed()
    {
        using var repo = new GitRepo();
        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-1");
        Commit(repo, "feat(sprint-1): cycle 1", ("a.txt", "one\ntwo\n"), ("b.txt", "x\n"));
        Commit(repo, "feat(sprint-1): cycle 2", ("a.txt", "one\n"));

        var view = new BranchReader(new RunPaths(repo.Path), repo.Git).Read(Samples.Run(), "main");

        Assert.Equal(["feat(sprint-1): cycle 2", "feat(sprint-1): cycle 1"], view.Commits.Select(c => c.Subject));
        Assert.Equal((1, 0, 1), (view.Commits[0].Files, view.Commits[0].Added, view.Commits[0].Removed));
        Assert.Equal((2, 3, 0), (view.Commits[1].Files, view.Commits[1].Added, view.Commits[1].Removed));
        Assert.Equal(repo.Git.HeadSha(), view.Commits[0].Sha);
        Assert.Equal(7, view.Commits[0].Short.Length);
        Assert.Null(view.PrFile);
    }

    [Fact]
    public void A_new_commit_or_a_pr_text_shows_at_the_next_look()
    {
        using var repo = new GitRepo();
        var paths = new RunPaths(repo.Path);
        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-1");
        var reader = new BranchReader(paths, repo.Git);
        Assert.Empty(reader.Read(Samples.Run(), "main").Commits);

        Commit(repo, "feat(sprint-1): cycle 1", ("a.txt", "one\n"));
        Directory.CreateDirectory(paths.RunDir);
        File.WriteAllText(Publisher.PrFile(paths), "# sprint-1\n");
        var view = reader.Read(Samples.Run() with { PrUrl = "https://example.invalid/pr/7" }, "main");

        Assert.Equal("feat(sprint-1): cycle 1", Assert.Single(view.Commits).Subject);
        Assert.Equal(Publisher.PrFile(paths), view.PrFile);
        Assert.Equal("https://example.invalid/pr/7", view.PrUrl);
    }

    [Fact]
    public void A_missing_branch_has_no_commits_and_a_missing_base_shows_the_branchs_history()
    {
        using var repo = new GitRepo();
        Assert.Empty(new BranchReader(new RunPaths(repo.Path), repo.Git).Read(Samples.Run(), "main").Commits);

        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-1");
        var view = new BranchReader(new RunPaths(repo.Path), repo.Git).Read(Samples.Run(), "develop");
        Assert.Equal("initial", Assert.Single(view.Commits).Subject);
    }

    [Fact]
    public void Show_gives_a_commits_message_stat_and_patch_as_lines_up_to_a_limit()
    {
        using var repo = new GitRepo();
        Commit(repo, "feat: add a\n\nWhy it was added.", ("a.txt", "hello\n"));

        var lines = repo.Git.Show(repo.Git.HeadSha()!, 100);

        Assert.Equal($"commit {repo.Git.HeadSha()}", lines[0]);
        Assert.Contains("    feat: add a", lines);
        Assert.Contains("    Why it was added.", lines);
        Assert.Contains(lines, l => l.StartsWith(" a.txt | 1 +", StringComparison.Ordinal));
        Assert.Contains("+hello", lines);
        Assert.Equal(3, repo.Git.Show(repo.Git.HeadSha()!, 3).Count);
    }

    private static void Commit(GitRepo repo, string message, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            repo.Write(path, text);
        }

        repo.Git.Run("add", "-A");
        repo.Git.Run("commit", "--quiet", "-m", message);
    }
}
