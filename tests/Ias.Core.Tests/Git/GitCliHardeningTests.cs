using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

/// <summary>The engine's git never runs a program the tree or an agent chose: no hook, no file system monitor, wherever they are set.</summary>
public sealed class GitCliHardeningTests : IDisposable
{
    private readonly GitRepo _repo = new();
    private readonly TempDir _outside = new();

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    private string Marker => _outside.Combine("ran");

    /// <summary>A script that leaves the marker where only a process outside a box could write.</summary>
    private string Planted(string relative)
    {
        _repo.Write(relative, $"#!/bin/sh\ntouch '{Marker}'\n");
        var path = Path.Combine(_repo.Path, relative);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Fact]
    public void A_husky_hooks_folder_in_the_tree_never_runs_on_the_engines_commit()
    {
        _repo.Git.Run("config", "core.hooksPath", ".husky");
        Planted(".husky/post-commit");
        Planted(".husky/pre-commit");

        Assert.NotNull(_repo.Git.CommitAll("work"));

        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void A_nested_repositorys_file_system_monitor_never_runs_on_status_or_commit()
    {
        var sub = Path.Combine(_repo.Path, "sub");
        _repo.Git.Run("init", "--quiet", sub);
        var monitor = Planted("sub/monitor.sh");
        File.AppendAllText(Path.Combine(sub, ".git", "config"), $"[core]\n\tfsmonitor = {monitor}\n");
        _repo.Write("sub/file.txt", "x");
        var nested = new Ias.Core.Git.GitCli(sub);
        nested.Run("-c", "user.name=a", "-c", "user.email=a@b", "commit", "--quiet", "--allow-empty", "-m", "nested");
        _repo.Git.CommitAll("the nested repository as a gitlink");

        // Now git's status looks inside it, which starts a git there that reads its config.
        _repo.Write("sub/file.txt", "changed");
        _repo.Git.Status();
        _repo.Git.CommitAll("work");

        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void A_git_file_pointing_at_a_git_dir_with_a_monitor_never_runs_it()
    {
        var dir = _outside.Combine("evil.git");
        new Ias.Core.Git.GitCli(_outside.Path).Run("init", "--quiet", "--bare", dir);
        var monitor = Planted("nested/monitor.sh");
        File.AppendAllText(Path.Combine(dir, "config"), $"[core]\n\tfsmonitor = {monitor}\n\tbare = false\n");
        _repo.Write("nested/.git", $"gitdir: {dir}\n");

        // git refuses to add a nested repository with no commit; what matters is that nothing ran while it looked.
        _repo.Git.Status();
        _repo.Git.Try("add", "-A");

        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void The_hooks_folder_is_the_one_the_repositorys_config_chooses()
    {
        Assert.Equal(Path.Combine(_repo.Path, ".git", "hooks"), _repo.Git.HooksDir());

        _repo.Git.Run("config", "core.hooksPath", ".husky");

        Assert.Equal(Path.Combine(_repo.Path, ".husky"), _repo.Git.HooksDir());
    }
}
