using Ias.Core.Git;

namespace Ias.Core.Safety;

/// <summary>ICE's rules for git push: no force, no mirror or every-branch push, nothing onto a protected branch.</summary>
internal static class PushPolicy
{
    private const string ForceRefusal = "force push is blocked: it rewrites history on the remote; push new commits instead";

    public static IceDecision Check(IReadOnlyList<string> args, IRepoFacts repo)
    {
        string? repoOption = null;
        var positionals = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            switch (a)
            {
                case "--force" or "-f":
                    return IceDecision.Refuse(ForceRefusal);
                case "--mirror":
                    return IceDecision.Refuse("git push --mirror is blocked: it overwrites and deletes every ref on the remote, protected branches included");
                case "--all" or "--branches":
                    return IceDecision.Refuse($"git push {a} is blocked: it pushes every branch, protected ones included; push the feature branch by name");
                case "--prune":
                    return IceDecision.Refuse("git push --prune is blocked: it deletes remote branches, and humans delete branches");
                case "--delete" or "-d":
                    return IceDecision.Refuse("git push --delete is blocked: humans delete branches");
                case "--no-verify":
                    return IceDecision.Refuse("git push --no-verify is blocked: it skips the run's pre-push hook");
                case "--repo":
                    repoOption = i + 1 < args.Count ? args[++i] : null;
                    continue;
                case "-o" or "--push-option" or "--receive-pack" or "--exec":
                    i++;
                    continue;
            }

            if (a.StartsWith("--force-with-lease", StringComparison.Ordinal))
            {
                return IceDecision.Refuse(ForceRefusal);
            }

            if (a.StartsWith("--repo=", StringComparison.Ordinal))
            {
                repoOption = a["--repo=".Length..];
            }
            else if (a.Length > 1 && a[0] == '-' && a[1] != '-')
            {
                for (var k = 1; k < a.Length; k++)
                {
                    if (a[k] == 'f')
                    {
                        return IceDecision.Refuse(ForceRefusal);
                    }

                    if (a[k] == 'd')
                    {
                        return IceDecision.Refuse("git push -d is blocked: humans delete branches");
                    }

                    if (a[k] == 'o')
                    {
                        i += k + 1 < a.Length ? 0 : 1; // -oVALUE or -o VALUE
                        break;
                    }
                }
            }
            else if (!a.StartsWith('-'))
            {
                positionals.Add(a);
            }
        }

        var remote = positionals.Count > 0 ? positionals[0] : repoOption;
        var refspecs = positionals.Skip(1).ToList();
        return refspecs.Count == 0 ? DefaultPush(remote, repo) : Refspecs(remote, refspecs, repo);
    }

    private static IceDecision Refspecs(string? remote, List<string> refspecs, IRepoFacts repo)
    {
        var mapped = remote is not null && repo.Config($"remote.{remote}.push") is not null;
        for (var i = 0; i < refspecs.Count; i++)
        {
            var spec = refspecs[i];
            if (spec == "tag")
            {
                i++; // `tag NAME` pushes refs/tags/NAME, never a branch
                continue;
            }

            if (spec.StartsWith('+'))
            {
                return IceDecision.Refuse(ForceRefusal);
            }

            if (spec.Contains('*'))
            {
                return IceDecision.Refuse($"refspec pattern {spec} is blocked: it could match protected branches; push the feature branch by name");
            }

            if (spec == ":")
            {
                return IceDecision.Refuse("git push REMOTE : is blocked: it pushes every matching branch, protected ones included");
            }

            if (spec.StartsWith(':'))
            {
                return IceDecision.Refuse($"git push {remote} {spec} deletes remote branch {IcePolicy.StripHeads(spec[1..])}: humans delete branches");
            }

            var colon = spec.IndexOf(':');
            if (colon < 0 && mapped)
            {
                return IceDecision.Refuse($"remote.{remote}.push is configured and may map {spec} to any branch: write the destination, e.g. {spec}:refs/heads/{spec}");
            }

            var dst = colon < 0 ? spec : spec[(colon + 1)..];
            if (DestinationBranch(dst, repo) is { } branch && ProtectedBranches.IsProtected(branch))
            {
                return ProtectedPush(branch);
            }
        }

        return IceDecision.Allow;
    }

    /// <summary>`git push` or `git push REMOTE`: where git sends the current branch depends on configuration, so resolve it.</summary>
    private static IceDecision DefaultPush(string? remote, IRepoFacts repo)
    {
        if (repo.CurrentBranch() is not { } current)
        {
            return IceDecision.Allow; // git itself refuses to push a detached HEAD without a refspec
        }

        var remoteName = remote
            ?? repo.Config($"branch.{current}.pushRemote")
            ?? repo.Config("remote.pushDefault")
            ?? repo.Config($"branch.{current}.remote")
            ?? "origin";
        if (repo.Config($"remote.{remoteName}.push") is not null)
        {
            return IceDecision.Refuse($"remote.{remoteName}.push is configured, so a bare git push could update any branch: name it, git push {remoteName} {current}");
        }

        var mode = repo.Config("push.default") ?? "simple";
        if (mode == "matching")
        {
            return IceDecision.Refuse($"push.default=matching pushes every matching branch, protected ones included: name it, git push {remoteName} {current}");
        }

        var destination = mode is "upstream" or "tracking" && repo.Config($"branch.{current}.merge") is { } merge ? IcePolicy.StripHeads(merge) : current;
        if (ProtectedBranches.IsProtected(destination))
        {
            return ProtectedPush(destination);
        }

        return ProtectedBranches.IsProtected(current) ? ProtectedPush(current) : IceDecision.Allow;
    }

    /// <summary>The branch a push destination names, or null when it is no branch (a tag, a note, refs/for/…).</summary>
    private static string? DestinationBranch(string dst, IRepoFacts repo)
    {
        if (dst is "HEAD" or "@")
        {
            return repo.CurrentBranch();
        }

        if (dst.StartsWith("refs/", StringComparison.Ordinal) && !dst.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return null;
        }

        return IcePolicy.StripHeads(dst);
    }

    private static IceDecision ProtectedPush(string branch) =>
        IceDecision.Refuse($"push to protected branch {branch} is blocked: Run Mode pushes feature branches only and humans merge PRs");
}
