using Ias.Core.Git;
using Ias.Core.Sandbox;
using Ias.Core.Storage;

namespace Ias.Core.Tests.Support;

public sealed class PrivateHomeTests
{
    [Fact]
    public void Home_and_every_XDG_folder_are_the_runs_own_not_the_persons()
    {
        var folders = new[] { "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME" }
            .Select(v => Environment.GetEnvironmentVariable(v)).ToList();

        Assert.All(folders, f => Assert.StartsWith(PrivateHome.Folder, f, StringComparison.Ordinal));
        Assert.All(folders, f => Assert.True(Directory.Exists(f), f));
        Assert.StartsWith(Path.GetTempPath(), PrivateHome.Folder, StringComparison.Ordinal);
        Assert.NotEqual(PrivateHome.PersonsHome, PrivateHome.Folder);
    }

    [Fact]
    public void What_ias_keeps_per_user_lands_in_the_private_home()
    {
        using var repo = new GitRepo();

        Assert.StartsWith(Path.Combine(PrivateHome.Folder, ".local", "state", "ias"), CheckoutRegistry.ForUser().Folder, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(PrivateHome.Folder, ".cache", "ias", "workspaces"), Workspace.Root(repo.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Git_outside_a_repository_knows_only_the_test_identity()
    {
        using var dir = new TempDir();
        var git = new GitCli(dir.Path);

        Assert.Equal("ias test", git.Run("config", "--global", "user.name").Trim());
        Assert.Equal(Path.Combine(PrivateHome.Folder, ".gitconfig"), git.Run("config", "--global", "--show-origin", "user.name").Split('\t')[0]["file:".Length..]);
    }
}
