namespace Ias.Core.Safety;

/// <summary>ICE's rules for gh: draft PRs only, no merges, no branch deletion, no writes through gh api.</summary>
internal static class GhPolicy
{
    // gh's own top-level commands; anything else is an alias or an extension, which could hide a blocked command.
    private static readonly HashSet<string> GhCommands =
    [
        "alias", "api", "attestation", "auth", "browse", "cache", "codespace", "completion", "config", "extension", "gist",
        "gpg-key", "help", "issue", "label", "org", "pr", "project", "release", "repo", "ruleset", "run", "search", "secret",
        "ssh-key", "status", "variable", "workflow", "version", "--version", "--help", "-h",
    ];

    /// <summary>Decides a gh command line (without the leading "gh"): draft PRs only, no merges, no branch deletion, no writes through gh api.</summary>
    public static IceDecision Check(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return IceDecision.Allow;
        }

        var top = argv[0];
        var sub = argv.Count > 1 ? argv[1] : null;
        var rest = argv.Skip(1).ToList();
        if (!GhCommands.Contains(top))
        {
            return IceDecision.Refuse($"gh {top} is not a gh command ICE knows (an alias or extension could hide a blocked one); use the full gh command");
        }

        if (rest.Contains("--delete-branch"))
        {
            return IceDecision.Refuse("gh --delete-branch is blocked: humans delete branches");
        }

        return (top, sub) switch
        {
            ("pr", "merge") => IceDecision.Refuse("gh pr merge is blocked: humans merge PRs"),
            ("pr", "ready") when !rest.Contains("--undo") => IceDecision.Refuse("gh pr ready is blocked: Run Mode PRs stay drafts until a human marks them ready"),
            ("pr", "create") when !IsDraft(rest) => IceDecision.Refuse("gh pr create without --draft is blocked: Run Mode opens draft PRs only"),
            ("pr", "close") when rest.Contains("-d") => IceDecision.Refuse("gh pr close -d deletes the branch: humans delete branches"),
            ("repo", "delete") => IceDecision.Refuse("gh repo delete is blocked"),
            ("repo", "sync") => IceDecision.Refuse("gh repo sync can overwrite a branch and is blocked; use git fetch"),
            ("alias", "set" or "import" or "delete") => IceDecision.Refuse("gh aliases are blocked under ICE: an alias could hide a blocked command"),
            ("api", _) => Api(rest),
            _ => IceDecision.Allow,
        };
    }

    private static bool IsDraft(List<string> args) =>
        args.Any(a => a is "--draft" or "-d" or "--draft=true") && !args.Contains("--draft=false");

    private static IceDecision Api(List<string> args)
    {
        string? method = null;
        var fields = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-X" or "--method")
            {
                method = i + 1 < args.Count ? args[++i] : null;
            }
            else if (a.StartsWith("--method=", StringComparison.Ordinal))
            {
                method = a["--method=".Length..];
            }
            else if (a.StartsWith("-X", StringComparison.Ordinal) && a.Length > 2)
            {
                method = a[2..];
            }
            else if (a is "-f" or "-F" or "--field" or "--raw-field" or "--input"
                || a.StartsWith("--field=", StringComparison.Ordinal) || a.StartsWith("--raw-field=", StringComparison.Ordinal) || a.StartsWith("--input=", StringComparison.Ordinal)
                || (a.Length > 2 && a[0] == '-' && a[1] is 'f' or 'F'))
            {
                fields = true;
            }
        }

        // gh api turns a request with fields into a POST unless a method is given.
        var effective = method?.ToUpperInvariant() ?? (fields ? "POST" : "GET");
        return effective is "GET" or "HEAD"
            ? IceDecision.Allow
            : IceDecision.Refuse($"gh api {effective} requests are blocked: a write through the API could merge, delete or change branch protection");
    }
}
