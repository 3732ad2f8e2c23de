using Ias.Core.Config;
using Ias.Core.Git;

namespace Ias.Core.Sandbox;

/// <summary>What the box shows the agent of one repository: the work tree, what stays read-only in it, and what is hidden.</summary>
/// <param name="WorkTree">Writable for a writing role, read-only for the others.</param>
/// <param name="Home">The user's home: in the box the same path holds the role's own home (<see cref="PrivateHomes"/>), with only what the agent needs of the real one; null when there is none.</param>
/// <param name="Shared">Folders outside the repository shared read-write with the agent (IAS_SANDBOX_SHARE, colon-separated).</param>
/// <param name="ReadOnly">Read-only whatever the role: git's dirs, ias's own files, the global git config, local remotes.</param>
/// <param name="Hidden">Absent inside: push credentials (an empty folder or an empty file in their place).</param>
/// <param name="HiddenVariables">Removed from the agent's environment: tokens and sockets that let it push.</param>
public sealed record BoxLayout(
    string WorkTree,
    string? Home,
    IReadOnlyList<string> Shared,
    IReadOnlyList<string> ReadOnly,
    IReadOnlyList<string> Hidden,
    IReadOnlyList<string> HiddenVariables)
{
    /// <summary>The folder of the agents' own homes, one per role (see <see cref="BoxHomes"/>), made by the engine under `.run/`; null without a home.</summary>
    public string? PrivateHomes { get; init; }

    /// <summary>Paths named in ias.sandbox.allow (as "~/…" or absolute), bound read-write from outside.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    /// <summary>The user's TMPDIR when it is not /tmp itself: a private writable tmpfs at the same path in the box (a folder of the box's own /tmp when under it).</summary>
    public string? TmpDir { get; init; }

    /// <summary>The size of the box's /tmp (and of <see cref="TmpDir"/>), in bytes.</summary>
    public long TmpBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>The limits every box of this layout holds to (ias.sandbox), whoever starts it.</summary>
    public BoxLimits Limits { get; init; } = new(SandboxConfig.Defaults.MaxProcesses, SandboxConfig.Defaults.MaxOutputMb * 1024L * 1024, BoxLimits.LeastWorkspaceBytes);

    /// <summary>The folder of the agents' private homes, under the checkout's `.run/`.</summary>
    public const string PrivateHomeFolder = "home";

    /// <summary>Folders the box shares read-write with the agent besides its home and the work tree, colon-separated.</summary>
    public const string ShareVariable = "IAS_SANDBOX_SHARE";

    /// <summary>Credentials that let a process push or open pull requests; a name in ias.sandbox.allow lets one in.</summary>
    public static readonly string[] CredentialVariables =
    [
        "SSH_AUTH_SOCK", "SSH_AGENT_PID", "GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
        "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "DBUS_SESSION_BUS_ADDRESS",
    ];

    /// <summary>Credential files and folders under the home, as "~/…"; a path in ias.sandbox.allow lets one in.</summary>
    public static readonly string[] CredentialPaths =
    [
        "~/.ssh", "~/.gnupg", "~/.git-credentials", "~/.netrc", "~/.config/gh", "~/.config/git/credentials",
        "~/.cache/git/credential", "~/.docker/config.json",
    ];

    /// <summary>The global git config: the engine runs git outside the box with it, so the agent must not rewrite it.</summary>
    private static readonly string[] GitConfigPaths = ["~/.gitconfig", "~/.config/git"];

    /// <summary>ias's own files in the work tree, which the agent must not edit: run state, prompts, config, the queue's runner folders.</summary>
    private static readonly string[] OwnFiles = [".run", ".ias", ".loa.config.yaml", "docs/ias/runs"];

    /// <summary>The layout for <paramref name="git"/>'s repository; <paramref name="allow"/> lets named credentials in.</summary>
    public static BoxLayout For(GitCli git, IReadOnlyCollection<string> allow) => For(git, new SandboxConfig(true, [.. allow]));

    /// <summary>The layout for <paramref name="git"/>'s repository with the box's settings (ias.sandbox).</summary>
    public static BoxLayout For(GitCli git, SandboxConfig sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var allow = sandbox.Allow;
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(allow);
        var root = Path.GetFullPath(git.RepoRoot);
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h && h != "/" ? Path.GetFullPath(h) : null;
        var readOnly = new List<string>();

        // A linked worktree keeps refs and hooks in the common dir, away from its own .git file. One git answers both.
        if (git.Try("rev-parse", "--git-dir", "--git-common-dir") is { Ok: true, Stdout: var dirs })
        {
            foreach (var dir in dirs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                readOnly.Add(Path.GetFullPath(Path.Combine(root, dir)));
            }
        }

        readOnly.AddRange(OwnFiles.Select(f => Path.Combine(root, f)));
        readOnly.AddRange(GitConfigPaths.Select(p => Expand(p, home)).OfType<string>());
        readOnly.AddRange(LocalRemotes(git, root));

        var hidden = CredentialPaths.Where(p => !allow.Contains(p)).Select(p => Expand(p, home)).OfType<string>().ToList();
        var variables = CredentialVariables.Where(v => !allow.Contains(v)).ToList();
        var shared = (Environment.GetEnvironmentVariable(ShareVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathRooted).Select(p => Path.GetFullPath(p)).ToList();
        var tmp = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t && Path.IsPathRooted(t) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(t)) : null;
        return new BoxLayout(root, home, shared, [.. readOnly.Distinct(StringComparer.Ordinal)], hidden, variables)
        {
            PrivateHomes = home is null ? null : Path.Combine(root, ".run", PrivateHomeFolder),
            AllowedPaths = [.. allow.Where(p => p.StartsWith("~/", StringComparison.Ordinal) || p.StartsWith('/')).Select(p => Expand(p, home)).OfType<string>()],
            TmpDir = tmp is null || tmp == "/tmp" ? null : tmp,
            TmpBytes = sandbox.TmpMb * 1024L * 1024,
            Limits = BoxLimits.Of(sandbox, root),
        };
    }

    /// <summary>Remotes that are folders on this machine: through the file system the agent could write them without git.</summary>
    private static IEnumerable<string> LocalRemotes(GitCli git, string root)
    {
        var result = git.Try("config", "--get-regexp", @"^remote\..*\.(url|pushurl)$");
        if (!result.Ok)
        {
            yield break;
        }

        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var url = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim();
            if (url.StartsWith("file://", StringComparison.Ordinal))
            {
                url = url["file://".Length..];
            }

            if (url.Contains("://", StringComparison.Ordinal) || (url.Contains(':', StringComparison.Ordinal) && !url.StartsWith('/') && !url.StartsWith('.')))
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(root, url));
            if (Directory.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static string? Expand(string path, string? home) =>
        path.StartsWith("~/", StringComparison.Ordinal) ? home is null ? null : Path.Combine(home, path[2..]) : path;
}
