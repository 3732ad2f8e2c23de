using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

/// <summary>The engine's git, gh and bwrap come only from folders no agent can write, whatever PATH puts first.</summary>
public sealed class EngineToolsTests
{
    [Fact]
    public void A_git_in_a_folder_of_the_home_or_tmp_is_never_the_engines()
    {
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(dir.Combine("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "git"), "#!/bin/sh\ntouch /tmp/pwned\n");

        var git = EngineTools.Find("git", $"{bin}:relative/bin:/usr/bin:/bin");

        Assert.NotEqual(Path.Combine(bin, "git"), git);
        Assert.NotNull(git);
    }

    [Fact]
    public void A_folder_others_can_write_or_inside_a_repository_is_not_trusted()
    {
        using var repo = new GitRepo();

        Assert.False(EngineTools.Trusted("/tmp"));
        Assert.False(EngineTools.Trusted(repo.Path));
        Assert.True(EngineTools.Trusted("/usr/bin"));
    }

    [Fact]
    public void The_engines_tools_resolve_to_absolute_paths()
    {
        var git = EngineTools.Locate("git");

        Assert.True(git is not null && Path.IsPathRooted(git) && File.Exists(git), git);
    }
}
