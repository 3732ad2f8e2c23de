using Ias.Core.Agents;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Storage;

namespace Ias.Core.Turns;

/// <summary>
/// A boxed writing turn's change on its way from the agent's workspace to the checkout: written as a patch in the box,
/// read from git's pipe as data, checked file by file (<see cref="TurnPatch"/>) and again as git reads it
/// (<see cref="PatchReading"/>), every refused file and every ref the agent moved in its workspace a line in ice.log, and
/// the rest applied by the engine.
/// </summary>
internal sealed class TurnChange(Workspace workspace, GitCli git, RepoGuard guard, IceLog ice, AgentRequest agent, long maxPatchBytes)
{
    /// <summary>
    /// The writing turn's change, brought from the workspace to the checkout: written as a patch in the box, read as data,
    /// checked file by file, the refused files logged and the rest applied. A patch that does not apply fails the turn and
    /// stays in the job folder for a person.
    /// </summary>
    public AgentResponse Bring(AgentResponse response, string baseCommit, string gitScratch)
    {
        // A workspace the agent broke (its .git deleted or replaced) brings nothing back and is made again at the next turn.
        var patch = workspace.WritePatch(baseCommit, maxPatchBytes, gitScratch);
        if (patch.NotWritten is { } notWritten)
        {
            Log("the turn's patch", $"the {agent.Role}'s change could not be taken from its workspace ({notWritten}); nothing of this turn reached the checkout");
            return response;
        }

        NoteWorkspaceRefs(gitScratch);
        var tooLarge = AgentFile.Read(Workspace.TooLarge(gitScratch), 1 << 20, under: agent.JobDir);
        foreach (var path in tooLarge.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            Log(path, $"{path} was not taken from the {agent.Role}'s workspace: larger than the {maxPatchBytes} bytes a file from the box may hold");
        }

        if (patch.TooLarge)
        {
            var refusal = $"its patch is larger than the {maxPatchBytes} bytes a turn may bring back (ias.sandbox.max_patch_mb)";
            Log("the turn's patch", refusal);
            return Failed(response, $"ICE: the {agent.Role}'s change was not taken: {refusal}");
        }

        if (patch.Bytes.Length == 0)
        {
            return response;
        }

        var rules = new PatchRules(EngineGitFiles(), maxPatchBytes);
        var check = TurnPatch.Check(patch.Bytes, rules);
        foreach (var refused in check.Refused)
        {
            Log(refused.Path, $"{refused.Path} was not taken from the {agent.Role}'s workspace: {refused.Why}");
        }

        var accepted = Path.Combine(agent.JobDir, "accepted.patch");

        // git's own reading decides: the paths it would touch must be the ones judged, and links are walked on the tree it
        // would make. A file refused there leaves the patch, which is read again without it.
        while (check.Sections.Count > 0)
        {
            Write(accepted, check.Accepted);
            var verdict = PatchReading.Judge(git, baseCommit, accepted, check, rules, agent.JobDir);
            if (verdict.Whole is { } whole)
            {
                var line = $"the {agent.Role}'s patch was refused whole: {whole}";
                Log("the turn's patch", line);
                File.Delete(accepted);
                return Failed(response, $"ICE: {line}; nothing of this turn reached the checkout");
            }

            if (verdict.DoesNotApply is { } words)
            {
                return NotApplied(response, words, accepted);
            }

            if (verdict.Refused.Count == 0)
            {
                var applied = git.Try([.. PatchReading.Protect, "apply", "--binary", "--whitespace=nowarn", accepted]);
                return applied.Ok ? response : NotApplied(response, applied.Stderr.Trim().ReplaceLineEndings(" "), accepted);
            }

            foreach (var refused in verdict.Refused)
            {
                Log(refused.Path, $"{refused.Path} was not taken from the {agent.Role}'s workspace: {refused.Why}");
            }

            check = check.Without(verdict.Refused);
        }

        return response;
    }

    private static void Write(string path, byte[] bytes)
    {
        using var file = OwnerOnly.Open(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(bytes);
    }

    private AgentResponse NotApplied(AgentResponse response, string words, string accepted) =>
        Failed(response, $"the {agent.Role}'s change does not apply to the checkout ({words}); it is kept in {accepted}: apply it by hand, then `ias run-resume`");

    /// <summary>
    /// The workspace's branches and tags the agent moved, made or deleted, other than the one it works on: they stay in the
    /// workspace, since only the turn's files leave it, and each is a line in ice.log, as an attempt on the checkout's refs was.
    /// </summary>
    private void NoteWorkspaceRefs(string gitScratch)
    {
        var before = Refs(Workspace.RefsBefore(gitScratch));
        var after = Refs(Workspace.RefsAfter(gitScratch));
        if (before is null || after is null)
        {
            return;
        }

        var branch = git.CurrentBranch() is { } b ? "refs/heads/" + b : null;
        foreach (var name in before.Keys.Union(after.Keys, StringComparer.Ordinal).Where(n => n != branch).Order(StringComparer.Ordinal))
        {
            var (was, now) = (before.GetValueOrDefault(name), after.GetValueOrDefault(name));
            if (was == now)
            {
                continue;
            }

            if (name == "ias:git-files")
            {
                Log(".git", $"the {agent.Role} changed its workspace's git config or hooks: they stay in its workspace, where only git inside the box reads them");
            }
            else if (name == "ias:base-kept")
            {
                Log(branch ?? "HEAD", $"the {agent.Role} rewound its branch in its workspace only: the checkout's branch keeps every commit, and the turn's files leave as a patch on top of them");
            }
            else
            {
                var what = was is null ? "was created" : now is null ? "was deleted" : "moved";
                Log(name, $"{name} {what} in the {agent.Role}'s workspace only: the checkout's refs are the engine's, and only the turn's files leave the workspace");
            }
        }
    }

    private static Dictionary<string, string>? Refs(string file)
    {
        var read = AgentFile.Read(file, 1 << 20);
        if (read.Bytes is null)
        {
            return null;
        }

        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in read.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0)
            {
                refs[line[..space]] = line[(space + 1)..];
            }
        }

        return refs;
    }

    /// <summary>Paths inside the tree that the engine's git reads: an included config file, an in-tree hooks folder.</summary>
    /// <remarks>
    /// In a run's worktree, the same paths of the repository's main tree count too: the git of the checkout the branch
    /// lands in reads them.
    /// </remarks>
    private List<string> EngineGitFiles()
    {
        var (files, dirs) = guard.Watched;
        string[] roots = [.. new[] { git.RepoRoot, guard.MainTree }.OfType<string>().Select(r => Path.GetFullPath(r) + Path.DirectorySeparatorChar).Distinct()];
        return [.. files.Concat(dirs)
            .SelectMany(p => roots.Where(root => p.StartsWith(root, StringComparison.Ordinal)).Select(root => Path.GetRelativePath(root, p).Replace('\\', '/')))
            .Distinct(StringComparer.Ordinal)];
    }

    private void Log(string what, string reason) => ice.Append(["ias", "patch", agent.Role.Wire, what], reason, git.RepoRoot);

    private static AgentResponse Failed(AgentResponse response, string line) =>
        response with { Success = false, Failure = FailureClass.Breach, Detail = line };
}
