using Ias.Core.Git;

namespace Ias.Core.Safety;

/// <summary>
/// ICE (Run Mode's first safety level, git safety) as one pure decision per command: the git and gh calls an agent makes are allowed or refused here,
/// hard-coded on purpose. Refusals name the rule, so the agent (and the person reading ice.log) knows what to do instead.
/// </summary>
public static class IcePolicy
{
    private const int MaxAliasDepth = 10;

    /// <summary>Decides a gh command line (without the leading "gh"): draft PRs only, no merges, no branch deletion, no writes through gh api.</summary>
    public static IceDecision CheckGh(IReadOnlyList<string> argv) => GhPolicy.Check(argv);

    /// <summary>
    /// Decides a git command line (without the leading "git") run in the repository <paramref name="repo"/> describes, with
    /// the git configuration <paramref name="env"/> passes (`GIT_CONFIG_*`).
    /// </summary>
    public static IceDecision CheckGit(IReadOnlyList<string> argv, IRepoFacts repo, IReadOnlyDictionary<string, string>? env = null) =>
        CheckGit(IceGitArgs.Parse(argv), repo, 0, HooksOffBy(env ?? new Dictionary<string, string>()));

    /// <summary>The environment variable that switches git's hooks off (`GIT_CONFIG_*` setting core.hooksPath), if any.</summary>
    private static string? HooksOffBy(IReadOnlyDictionary<string, string> env)
    {
        foreach (var (key, value) in env)
        {
            var carriesConfig = key == "GIT_CONFIG_PARAMETERS" || key.StartsWith("GIT_CONFIG_KEY_", StringComparison.Ordinal);
            if (carriesConfig && value.Contains("core.hookspath", StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    // Hooks switched off matter only where the run's hook stands: a push. The agent CLIs run their own read-only git
    // (status, rev-parse, log) with hooks off, and refusing those would only fill ice.log with false alarms.
    private static IceDecision CheckGit(IceGitArgs git, IRepoFacts repo, int depth, string? hooksOffBy)
    {
        foreach (var setting in git.ConfigSettings)
        {
            var key = setting.Split('=', 2)[0];
            if (key.Equals("core.hooksPath", StringComparison.OrdinalIgnoreCase))
            {
                hooksOffBy ??= "git -c core.hooksPath";
            }

            // An alias defined on the command line could name any command; ICE wants to see the command itself.
            if (key.StartsWith("alias.", StringComparison.OrdinalIgnoreCase))
            {
                return IceDecision.Refuse("git -c alias.* is not allowed under ICE; run the command itself");
            }
        }

        var args = git.Args;
        switch (git.Command)
        {
            case null:
                return IceDecision.Allow;
            case "merge":
                return IceDecision.Refuse("git merge is blocked: humans merge PRs; commit your work on the feature branch instead");
            case "pull":
                return Pull(args);
            case "branch":
                return Branch(args);
            case "checkout":
                return Checkout("checkout", args, repo, ["-b", "-B", "--orphan"], ["--conflict", "--pathspec-from-file"]);
            case "switch":
                return Checkout("switch", args, repo, ["-c", "-C", "--create", "--force-create", "--orphan"], ["--conflict"]);
            case "worktree":
                return Worktree(args);
            case "push" when hooksOffBy is not null:
                return IceDecision.Refuse($"{hooksOffBy} would switch off the run's pre-push hook for this push; push without it");
            case "push":
                return PushPolicy.Check(args, repo);
            case "send-pack" or "http-push":
                return IceDecision.Refuse($"git {git.Command} pushes without the checks of git push; use git push with a feature branch");
            case "update-ref":
                return UpdateRef(args);
            case "symbolic-ref":
                return SymbolicRef(args);
            case "config":
                return Config(args);
        }

        if (repo.Alias(git.Command) is not { } expansion)
        {
            return IceDecision.Allow;
        }

        if (depth >= MaxAliasDepth)
        {
            return IceDecision.Refuse($"git alias {git.Command} expands more than {MaxAliasDepth} times; run the command itself");
        }

        // A shell alias ("!…") runs its own git commands, and each of those meets this shim again through PATH.
        return expansion.TrimStart().StartsWith('!')
            ? IceDecision.Allow
            : CheckGit(git.Expand(SplitCommandLine(expansion)), repo, depth + 1, hooksOffBy);
    }

    private static IceDecision Pull(IReadOnlyList<string> args)
    {
        var safe = args.Any(a => a is "--ff-only" or "--rebase" or "-r" || (a.StartsWith("--rebase=", StringComparison.Ordinal) && a != "--rebase=false"));
        return safe
            ? IceDecision.Allow
            : IceDecision.Refuse("git pull merges, and merges are blocked (humans merge PRs): use git pull --ff-only or git pull --rebase");
    }

    private static IceDecision Branch(IReadOnlyList<string> args)
    {
        bool delete = false, move = false, copy = false, force = false;
        var names = new List<string>();
        foreach (var a in args)
        {
            switch (a)
            {
                case "-d" or "-D" or "--delete":
                    delete = true;
                    break;
                case "-m" or "-M" or "--move":
                    move = true;
                    break;
                case "-c" or "-C" or "--copy":
                    copy = true;
                    break;
                case "-f" or "--force":
                    force = true;
                    break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal))
                    {
                        break;
                    }

                    if (a.Length > 1 && a[0] == '-')
                    {
                        delete |= a.AsSpan(1).IndexOfAny("dD") >= 0;
                        move |= a.AsSpan(1).IndexOfAny("mM") >= 0;
                        copy |= a.AsSpan(1).IndexOfAny("cC") >= 0;
                        force |= a.AsSpan(1).Contains('f');
                        break;
                    }

                    names.Add(a);
                    break;
            }
        }

        if (delete)
        {
            return IceDecision.Refuse("git branch -d/-D is blocked: humans delete branches");
        }

        if (move)
        {
            return IceDecision.Refuse("git branch -m/-M is blocked: renaming deletes the old branch name, and humans delete branches");
        }

        return (copy || force) && names.FirstOrDefault(n => ProtectedBranches.IsProtected(n)) is { } target
            ? IceDecision.Refuse($"git branch {(copy ? "-c" : "-f")} would overwrite protected branch {target}; ICE never changes protected branches")
            : IceDecision.Allow;
    }

    private static IceDecision Checkout(string command, IReadOnlyList<string> args, IRepoFacts repo, string[] newBranchOptions, string[] valueOptions)
    {
        string? newBranch = null;
        var paths = false;
        var track = false;
        var names = new List<string>();
        var afterDashes = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.Length == 0)
            {
                continue;
            }

            if (a == "--")
            {
                afterDashes = args.Count - i - 1;
                paths |= afterDashes > 0;
                break;
            }

            if (newBranchOptions.Contains(a))
            {
                newBranch = i + 1 < args.Count ? args[++i] : null;
            }
            else if (newBranchOptions.FirstOrDefault(o => o.StartsWith("--", StringComparison.Ordinal) && a.StartsWith(o + "=", StringComparison.Ordinal)) is { } longOpt)
            {
                newBranch = a[(longOpt.Length + 1)..];
            }
            else if (valueOptions.Contains(a))
            {
                paths |= a == "--pathspec-from-file";
                i++;
            }
            else if (a is "-p" or "--patch" || a.StartsWith("--pathspec-from-file=", StringComparison.Ordinal))
            {
                paths = true;
            }
            else if (a == "--track" || a.StartsWith("--track=", StringComparison.Ordinal))
            {
                track = true;
            }
            else if (a.Length > 1 && a[0] == '-' && a[1] != '-')
            {
                // A cluster such as -qb NAME or -bNAME: the first value-taking letter takes the rest, or the next word.
                for (var k = 1; k < a.Length; k++)
                {
                    if (newBranchOptions.Contains("-" + a[k]))
                    {
                        newBranch = k + 1 < a.Length ? a[(k + 1)..] : i + 1 < args.Count ? args[++i] : null;
                        break;
                    }

                    paths |= a[k] == 'p';
                    track |= a[k] == 't';
                }
            }
            else if (a[0] != '-' || a == "-")
            {
                names.Add(a);
            }
        }

        if (newBranch is not null)
        {
            return ProtectedBranches.IsProtected(StripHeads(newBranch))
                ? IceDecision.Refuse($"git {command} would create or reset protected branch {newBranch}; Run Mode works on feature branches only")
                : IceDecision.Allow;
        }

        // checkout NAME FILE… and checkout NAME -- FILE… restore files from NAME; only a lone name switches branches.
        if (paths || names.Count != 1)
        {
            return IceDecision.Allow;
        }

        // `checkout --track origin/main` creates and switches to a branch named after the remote one: main.
        if (track && names[0].IndexOf('/') is > 0 and var slash)
        {
            var derived = names[0][(slash + 1)..];
            return ProtectedBranches.IsProtected(derived)
                ? IceDecision.Refuse($"git {command} --track {names[0]} would create and check out protected branch {derived}; Run Mode works on feature branches only")
                : IceDecision.Allow;
        }

        var target = ResolvePrevious(names[0], repo);
        return target is not null && ProtectedBranches.IsProtected(StripHeads(target))
            ? IceDecision.Refuse($"git {command} {names[0]} is blocked: checkout of protected branch {StripHeads(target)}; stay on the feature branch")
            : IceDecision.Allow;
    }

    private static IceDecision Worktree(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "add")
        {
            return IceDecision.Allow;
        }

        string? newBranch = null;
        var detach = false;
        var positionals = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-b" or "-B")
            {
                newBranch = i + 1 < args.Count ? args[++i] : null;
            }
            else if (a == "--reason")
            {
                i++;
            }
            else if (a is "-d" or "--detach")
            {
                detach = true;
            }
            else if (!a.StartsWith('-'))
            {
                positionals.Add(a);
            }
        }

        // Without a commit-ish, git names the new branch after the folder: `git worktree add ../main` checks out main.
        var checkedOut = newBranch
            ?? (positionals.Count > 1 ? positionals[1] : !detach && positionals.Count == 1 ? Path.GetFileName(positionals[0].TrimEnd('/')) : null);
        return checkedOut is not null && ProtectedBranches.IsProtected(StripHeads(checkedOut))
            ? IceDecision.Refuse($"git worktree add would check out protected branch {checkedOut}; use a feature branch")
            : IceDecision.Allow;
    }

    private static IceDecision UpdateRef(IReadOnlyList<string> args)
    {
        var delete = false;
        var refs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--stdin":
                    return IceDecision.Refuse("git update-ref --stdin is blocked: ICE cannot check refs read from stdin; update one ref at a time");
                case "-d":
                    delete = true;
                    break;
                case "-m":
                    i++;
                    break;
                default:
                    if (!a.StartsWith('-'))
                    {
                        refs.Add(a);
                    }

                    break;
            }
        }

        if (refs.Count == 0 || !refs[0].StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return IceDecision.Allow;
        }

        var branch = StripHeads(refs[0]);
        if (delete)
        {
            return IceDecision.Refuse($"git update-ref -d {refs[0]} deletes branch {branch}: humans delete branches");
        }

        return ProtectedBranches.IsProtected(branch)
            ? IceDecision.Refuse($"git update-ref would move protected branch {branch}; ICE never changes protected branches")
            : IceDecision.Allow;
    }

    private static IceDecision SymbolicRef(IReadOnlyList<string> args)
    {
        var positionals = args.Where(a => !a.StartsWith('-')).ToList();
        return positionals is ["HEAD", var target, ..] && ProtectedBranches.IsProtected(StripHeads(target))
            ? IceDecision.Refuse($"git symbolic-ref HEAD {target} is a checkout of protected branch {StripHeads(target)}; stay on the feature branch")
            : IceDecision.Allow;
    }

    private static IceDecision Config(IReadOnlyList<string> args)
    {
        if (!args.Any(a => a.Equals("core.hooksPath", StringComparison.OrdinalIgnoreCase)))
        {
            return IceDecision.Allow;
        }

        var read = args.Any(a => a is "--get" or "--get-all" or "--get-regexp" or "-l" or "--list" or "get" or "list");
        return read
            ? IceDecision.Allow
            : IceDecision.Refuse("changing core.hooksPath would switch off the run's pre-push hook; leave it as it is");
    }

    /// <summary>`-` and `@{-N}` name an earlier branch; anything else is returned as written.</summary>
    private static string? ResolvePrevious(string name, IRepoFacts repo)
    {
        if (name == "-")
        {
            return repo.PreviousBranch(1);
        }

        if (name.StartsWith("@{-", StringComparison.Ordinal) && name.EndsWith('}') && int.TryParse(name[3..^1], out var n) && n > 0)
        {
            return repo.PreviousBranch(n);
        }

        return name;
    }

    internal static string StripHeads(string name) =>
        name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..]
        : name.StartsWith("heads/", StringComparison.Ordinal) ? name["heads/".Length..]
        : name;

    /// <summary>Splits an alias value the way git's split_cmdline does: blanks separate, quotes group, backslash escapes.</summary>
    internal static IReadOnlyList<string> SplitCommandLine(string text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\0' && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
