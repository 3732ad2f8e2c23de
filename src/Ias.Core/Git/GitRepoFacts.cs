namespace Ias.Core.Git;

/// <summary>ICE's questions answered by the real git in the directory a command runs in, with that command's own global options.</summary>
public sealed class GitRepoFacts(string realGit, string cwd, IReadOnlyList<string> globalOptions) : IRepoFacts
{
    private readonly GitCli _git = new(cwd, TimeSpan.FromSeconds(30), realGit, globalOptions);

    public string? CurrentBranch() => Out("symbolic-ref", "--quiet", "--short", "HEAD");

    public string? PreviousBranch(int n) =>
        Out("rev-parse", "--symbolic-full-name", $"@{{-{n}}}") is { Length: > 0 } full ? full.Replace("refs/heads/", "", StringComparison.Ordinal) : null;

    public string? Config(string key) => Out("config", "--get", key);

    public string? Alias(string name)
    {
        if (Out("config", "--get", $"alias.{name}") is not { } expansion)
        {
            return null;
        }

        // git ignores an alias that has the name of one of its commands (or of a git-NAME program on PATH).
        var commands = Out("--list-cmds=main,others") ?? "";
        return commands.Split('\n').Contains(name) ? null : expansion;
    }

    private string? Out(params string[] args)
    {
        var r = _git.Try(args);
        return r.Ok && r.Stdout.Trim() is { Length: > 0 } text ? text : null;
    }
}
