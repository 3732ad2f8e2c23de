using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

public sealed class GitProcessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_git_that_cannot_start_fails_with_a_GitException_that_names_git()
    {
        var git = new GitCli(_dir.Path, executable: "/nonexistent/git");

        var e = Assert.Throws<GitException>(() => git.Try("status"));

        Assert.StartsWith("git status failed: could not start git (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_git_that_outruns_its_limit_fails_with_the_words_push_retries_look_for()
    {
        var script = _dir.Combine("slow-git");
        File.WriteAllText(script, "#!/bin/sh\nexec sleep 1000\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var git = new GitCli(_dir.Path, TimeSpan.FromSeconds(1), executable: script);

        var e = Assert.Throws<GitException>(() => git.Try("push", "origin", "main"));

        Assert.Equal("git push origin main failed: timed out after 1s", e.Message);
        Assert.True(PushRetry.IsTransient(e.GitMessage), "a timed-out push is worth another try");
    }
}
