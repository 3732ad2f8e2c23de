using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>The run's branch, or a queue job's commits, as a person looks at them: the commits over the base, each with what it changed, and the PR.</summary>
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

    [Fact]
    public void A_teams_job_lists_its_own_branchs_commits_over_origins_base_with_its_pr_and_changed_files()
    {
        using var repo = new GitRepo();
        var main = repo.Git.HeadSha()!;
        repo.Git.Run("update-ref", "refs/remotes/origin/main", main);
        repo.Git.Run("switch", "--quiet", "-c", "ias/night/0001-implementer");
        Commit(repo, "feat(night): job 0001-implementer — add a", ("a.txt", "one\n"));
        var sha = repo.Git.HeadSha()!;
        // The checkout's own main moves on; the job's branch started from origin's, and is counted from there.
        repo.Git.Run("switch", "--quiet", "main");
        Commit(repo, "local work on main", ("b.txt", "x\n"));
        var paths = new RunPaths(repo.Path);
        var prFile = Path.Combine(new QueuePaths(repo.Path, "night").JobDir("0001-implementer"), "pr.md");
        Directory.CreateDirectory(Path.GetDirectoryName(prFile)!);
        File.WriteAllText(prFile, "# job 0001-implementer\n");
        var job = Job("0001-implementer", writes: true, new JobEvidence([sha], ["a.txt"], "https://example.invalid/pr/9")) with { Base = "main" };

        var view = new BranchReader(paths, repo.Git).ReadJob(Queue(job), job.Id, "develop")!;

        Assert.Equal(("ias/night/0001-implementer", "origin/main", "0001-implementer"), (view.Branch, view.BaseBranch, view.Job));
        Assert.Equal(["feat(night): job 0001-implementer — add a"], view.Commits.Select(c => c.Subject));
        Assert.Equal(["a.txt"], view.ChangedFiles);
        Assert.Equal(("https://example.invalid/pr/9", prFile), (view.PrUrl, view.PrFile));
    }

    [Fact]
    public void A_teams_job_that_ran_on_another_checkout_has_no_view_until_git_fetch_brings_its_branch()
    {
        using var dir = new TempDir();
        using var repo = new GitRepo();
        var remote = dir.Combine("remote.git");
        var git = new GitCli(dir.Path);
        git.Run("init", "--quiet", "--bare", "--initial-branch=main", remote);
        repo.Git.Run("remote", "add", "origin", remote);
        repo.Git.Run("push", "--quiet", "origin", "main");
        // The other checkout runs the job and pushes its branch, as its runner does.
        git.Run("clone", "--quiet", remote, dir.Combine("elsewhere"));
        var elsewhere = new GitCli(dir.Combine("elsewhere"));
        elsewhere.Run("config", "user.name", "ias test");
        elsewhere.Run("config", "user.email", "test@ias.invalid");
        elsewhere.Run("switch", "--quiet", "-c", "ias/night/0001-implementer");
        File.WriteAllText(dir.Combine("elsewhere", "a.txt"), "one\n");
        elsewhere.Run("add", "-A");
        elsewhere.Run("commit", "--quiet", "-m", "feat(night): job 0001-implementer — add a");
        elsewhere.Run("push", "--quiet", "origin", "ias/night/0001-implementer");
        var job = Job("0001-implementer", writes: true, new JobEvidence([elsewhere.HeadSha()!], ["a.txt"], null)) with { Base = "main" };
        var reader = new BranchReader(new RunPaths(repo.Path), repo.Git);
        Assert.Null(reader.ReadJob(Queue(job), job.Id, "main"));

        // What the dashboard's footer says to do.
        repo.Git.Run("fetch", "origin", "ias/night/0001-implementer");
        var view = reader.ReadJob(Queue(job), job.Id, "main")!;

        Assert.Equal(("origin/ias/night/0001-implementer", "origin/main"), (view.Branch, view.BaseBranch));
        Assert.Equal(["feat(night): job 0001-implementer — add a"], view.Commits.Select(c => c.Subject));
        Assert.Null(view.PrFile);
    }

    [Fact]
    public void A_checkout_queues_job_lists_the_commits_its_evidence_names_over_where_it_started_on_the_branch_that_holds_them()
    {
        using var repo = new GitRepo();
        repo.Git.Run("switch", "--quiet", "-c", "feature/queue");
        Commit(repo, "a person's own work", ("mine.txt", "mine\n"));
        var start = repo.Git.HeadSha()!;
        Commit(repo, "feat(night): job 0002-implementer — add a", ("a.txt", "one\n"));
        Commit(repo, "feat(night): job 0002-implementer — add b", ("b.txt", "two\n"));
        var shas = repo.Git.Shas($"{start}..HEAD");
        Commit(repo, "feat(night): job 0003-implementer — later", ("c.txt", "three\n"));
        var job = Job("0002-implementer", writes: true, new JobEvidence(shas, ["a.txt", "b.txt"], null));
        var paths = new RunPaths(repo.Path);

        var view = new BranchReader(paths, repo.Git).ReadJob(Queue(job), job.Id, "main")!;

        Assert.Equal(["feat(night): job 0002-implementer — add b", "feat(night): job 0002-implementer — add a"], view.Commits.Select(c => c.Subject));
        Assert.Equal(("feature/queue", start[..7], "0002-implementer"), (view.Branch, view.BaseBranch, view.Job));
        Assert.Equal(["a.txt", "b.txt"], view.ChangedFiles);
        Assert.Null(view.PrUrl);

        // Off that branch, the branch that holds the commits is named.
        repo.Git.Run("switch", "--quiet", "main");
        Assert.Equal("feature/queue", new BranchReader(paths, repo.Git).ReadJob(Queue(job), job.Id, "main")!.Branch);
    }

    [Fact]
    public void A_job_that_does_not_write_has_not_committed_or_names_commits_git_lacks_has_no_view()
    {
        using var repo = new GitRepo();
        var head = repo.Git.HeadSha()!;
        var reader = new BranchReader(new RunPaths(repo.Path), repo.Git);
        JobEvidence Named(string sha) => new([sha], ["a.txt"], null);

        BranchView? Read(Job job, string? id = null) => reader.ReadJob(Queue(job), id ?? job.Id, "main");

        Assert.Null(Read(Job("0001-reviewer", writes: false, Named(head))));
        Assert.Null(Read(Job("0002-implementer", writes: true, null)));
        Assert.Null(Read(Job("0003-implementer", writes: true, Named(new string('e', 40)))));
        // What the database names is handed to git only as an object name.
        Assert.Null(Read(Job("0004-implementer", writes: true, Named("--output=/tmp/x"))));
        var done = Job("0005-implementer", writes: true, Named(head));
        Assert.Equal("initial", Assert.Single(Read(done)!.Commits).Subject);
        Assert.Null(Read(done, "0006-implementer"));
    }

    private static Job Job(string id, bool writes, JobEvidence? evidence)
    {
        var at = Samples.Start;
        var state = evidence is null ? JobState.Pending : JobState.Done;
        return new Job("night", id, int.Parse(id[..4], System.Globalization.CultureInfo.InvariantCulture), id[5..], "Do it.", null, writes, state, 1, at, at, at, at, 1,
            null, null, null, null, null, evidence, []);
    }

    private static QueueSnapshot Queue(params Job[] jobs) =>
        new(new QueueRun("night", Samples.Start, Samples.Start, RunnerStatus.Stopped, null, null, false, null, null, Samples.Start), jobs, RunnerAlive: false, null);

    [Fact]
    public void A_committed_secret_is_redacted_in_the_commits_list_and_in_the_shown_commit_as_in_the_log()
    {
        using var repo = new GitRepo();
        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-1");
        const string Anthropic = "sk-ant-api03-Zq8xW2vN5mK7pL9rT3yB6cD1fG4hJ0sA";
        Commit(repo, $"feat: use {Anthropic}", ("settings.ini", "aws_key = AKIAIOSFODNN7EXAMPLE\npassword=Zq8-hunter-Value-77x\n"));
        var reader = new BranchReader(new RunPaths(repo.Path), repo.Git);

        var commit = Assert.Single(reader.Read(Samples.Run(), "main").Commits);
        var shown = string.Join('\n', reader.Show(commit.Sha, 200));

        Assert.DoesNotContain(Anthropic, commit.Subject, StringComparison.Ordinal);
        Assert.StartsWith("feat: use ", commit.Subject, StringComparison.Ordinal);
        Assert.Contains("settings.ini", shown, StringComparison.Ordinal);
        foreach (var secret in new[] { Anthropic, "AKIAIOSFODNN7EXAMPLE", "Zq8-hunter-Value-77x" })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
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
