using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

public sealed class RunPathsTests
{
    [Fact]
    public void Every_file_lives_under_the_run_directory_of_the_repo()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        Assert.Equal(dir.Combine(".run"), paths.RunDir);
        Assert.Equal(dir.Combine(".run", "ias.db"), paths.Database);
        Assert.Equal(dir.Combine(".run", "state.json"), paths.State);
        Assert.Equal(dir.Combine(".run", "circuit-breaker.json"), paths.CircuitBreaker);
        Assert.Equal(dir.Combine(".run", "rate-limit.json"), paths.RateLimit);
        Assert.Equal(dir.Combine(".run", "deleted-files.log"), paths.DeletedFiles);
        Assert.Equal(dir.Combine(".run", "jobs"), paths.JobsDir);
        Assert.Equal(dir.Combine(".run", "engine.log"), paths.EngineLog);
        Assert.Equal(".run/state.json", paths.Display(paths.State));
    }

    [Fact]
    public void EnsureCreated_adds_run_to_git_info_exclude_exactly_once()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git"));
        var paths = new RunPaths(dir.Path);

        paths.EnsureCreated();
        paths.EnsureCreated();

        Assert.True(Directory.Exists(paths.RunDir));
        var lines = File.ReadAllLines(dir.Combine(".git", "info", "exclude"));
        Assert.Single(lines, l => l == ".run/");
        Assert.Single(lines, l => l == "/docs/ias/runs/*/runner/");
        Assert.Single(lines, l => l == "/grimoires/loa/a2a/trajectory/guardrails-*.jsonl");
        Assert.Single(lines, l => l == "/grimoires/loa/a2a/trajectory/run-*.jsonl");
    }

    [Fact]
    public void EnsureCreated_keeps_existing_exclude_lines_and_does_not_glue_onto_a_last_line_without_newline()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git", "info"));
        File.WriteAllText(dir.Combine(".git", "info", "exclude"), "# git ls-files --others --exclude-from=.git/info/exclude\n*.swp");

        new RunPaths(dir.Path).EnsureCreated();

        Assert.Equal(
            ["# git ls-files --others --exclude-from=.git/info/exclude", "*.swp", ".run/", "/docs/ias/runs/*/runner/", "/grimoires/loa/a2a/trajectory/guardrails-*.jsonl", "/grimoires/loa/a2a/trajectory/run-*.jsonl"],
            File.ReadAllLines(dir.Combine(".git", "info", "exclude")));
    }

    [Fact]
    public void EnsureCreated_leaves_an_exclude_that_already_lists_our_folders_alone()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git", "info"));
        var exclude = dir.Combine(".git", "info", "exclude");
        File.WriteAllText(exclude, "/.run\ndocs/ias/runs/*/runner\ngrimoires/loa/a2a/trajectory/guardrails-*.jsonl\ngrimoires/loa/a2a/trajectory/run-*.jsonl\n");

        new RunPaths(dir.Path).EnsureCreated();

        Assert.Equal("/.run\ndocs/ias/runs/*/runner\ngrimoires/loa/a2a/trajectory/guardrails-*.jsonl\ngrimoires/loa/a2a/trajectory/run-*.jsonl\n", File.ReadAllText(exclude));
    }

    [Fact]
    public void The_queues_runner_folder_never_shows_as_a_change_in_git()
    {
        using var repo = new GitRepo();
        new RunPaths(repo.Path).EnsureCreated();
        repo.Write("docs/ias/runs/nightly/runner/queue/done/0001-implementer.json", "{}");
        repo.Write("docs/ias/runs/nightly/notes.md", "mine");

        Assert.Equal(["docs/ias/runs/nightly/notes.md"], repo.Git.DirtyPaths());
    }

    [Fact]
    public void The_guardrails_trajectory_log_never_shows_as_a_change_in_git_but_the_other_trajectories_do()
    {
        using var repo = new GitRepo();
        new RunPaths(repo.Path).EnsureCreated();
        repo.Write("grimoires/loa/a2a/trajectory/guardrails-2026-02-03.jsonl", "{}\n");
        repo.Write("grimoires/loa/a2a/trajectory/riding-2026-02-03.jsonl", "{}\n");

        Assert.Equal(["grimoires/loa/a2a/trajectory/riding-2026-02-03.jsonl"], repo.Git.DirtyPaths());
    }

    [Fact]
    public void In_a_linked_worktree_the_shared_repository_exclude_gets_the_lines()
    {
        using var dir = new TempDir();
        var main = dir.Combine("main");
        var worktreeGitDir = Path.Combine(main, ".git", "worktrees", "wt");
        Directory.CreateDirectory(worktreeGitDir);
        File.WriteAllText(Path.Combine(worktreeGitDir, "commondir"), "../..\n");
        var worktree = dir.Combine("wt");
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {worktreeGitDir}\n");

        new RunPaths(worktree).EnsureCreated();

        Assert.Equal([".run/", "/docs/ias/runs/*/runner/", "/grimoires/loa/a2a/trajectory/guardrails-*.jsonl", "/grimoires/loa/a2a/trajectory/run-*.jsonl"], File.ReadAllLines(Path.Combine(main, ".git", "info", "exclude")));
        Assert.True(Directory.Exists(Path.Combine(worktree, ".run")));
    }

    [Fact]
    public void Outside_a_git_repository_only_the_run_directory_is_created()
    {
        using var dir = new TempDir();

        new RunPaths(dir.Path).EnsureCreated();

        Assert.Equal([dir.Combine(".run")], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void RemoveIfUnused_takes_away_only_a_run_folder_that_records_nothing()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        paths.EnsureCreated();
        RunStore.Open(paths.Database).Dispose();
        File.WriteAllText(paths.EngineLog, "refused\n");

        paths.RemoveIfUnused();

        Assert.False(Directory.Exists(paths.RunDir), "a database with nothing in it and the engine's log go");
        paths.EnsureCreated();
        using (var store = RunStore.Open(paths.Database))
        {
            JobQueue.Create(new SqliteQueueStore(store), dir.Path, "night", TimeProvider.System);
        }

        paths.RemoveIfUnused();

        Assert.True(File.Exists(paths.Database), "a queue run made meanwhile keeps the folder");
        var other = new RunPaths(dir.Combine("other"));
        other.EnsureCreated();
        File.WriteAllText(other.State, "{}");

        other.RemoveIfUnused();

        Assert.True(File.Exists(other.State), "any other file keeps it");
    }
}
