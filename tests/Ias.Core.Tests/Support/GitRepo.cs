using Ias.Core.Git;

namespace Ias.Core.Tests.Support;

/// <summary>A real git repository in a temp folder, on main with one commit and a local identity.</summary>
public sealed class GitRepo : IDisposable
{
    private readonly TempDir _dir = new();

    public GitRepo()
    {
        Git = new GitCli(_dir.Path);
        Git.Run("init", "--quiet", "--initial-branch=main");
        Git.Run("config", "user.name", "ias test");
        Git.Run("config", "user.email", "test@ias.invalid");
        Write("README.md", "# test\n");
        Git.Run("add", "-A");
        Git.Run("commit", "--quiet", "-m", "initial");
    }

    public string Path => _dir.Path;

    public GitCli Git { get; }

    public void Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public void Dispose() => _dir.Dispose();
}
