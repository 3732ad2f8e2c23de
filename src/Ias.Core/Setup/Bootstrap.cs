using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;
using Ias.Core.Scaffold;
using Ias.Core.Storage;

namespace Ias.Core.Setup;

/// <summary>
/// What `ias bootstrap` finds between a repository and a profile's scaffold, and the steps that write it: each missing
/// file, the ias section of AGENTS.md and CLAUDE.md, then a commit of exactly what it wrote. It never writes over a file,
/// and never commits a file that held a person's uncommitted changes before it came.
/// </summary>
public sealed class Bootstrap
{
    /// <summary>The subject of the scaffold's commit.</summary>
    public const string CommitMessage = "Bootstrap the ias scaffold (ias bootstrap)";

    private readonly string _root;
    private readonly GitCli _git;
    private readonly List<string> _notes = [];

    private Bootstrap(string root, GitCli git, ScaffoldProfile profile, IReadOnlyList<ScaffoldEntry> entries)
    {
        _root = root;
        _git = git;
        Profile = profile;
        Entries = entries;
    }

    public ScaffoldProfile Profile { get; }

    /// <summary>Each file of the profile as it stands, before any step.</summary>
    public IReadOnlyList<ScaffoldEntry> Entries { get; }

    /// <summary>What the last walk left for a person: files left uncommitted, and why.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Looks at the repository at <paramref name="root"/> for <paramref name="profile"/>. Throws <see cref="RunModeException"/>
    /// outside a repository's top folder, and while an engine or a queue runner writes there.
    /// </summary>
    public static Bootstrap Inspect(string root, ScaffoldProfile profile, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var git = new GitCli(root);
        SetupStep.AtTop(git, root, "ias bootstrap");
        if (PreflightChecks.Writing(new RunPaths(root), clock.GetUtcNow()) is { } writer)
        {
            throw new RunModeException(writer);
        }

        return new Bootstrap(root, git, profile, RepoScaffold.Look(root, profile));
    }

    /// <summary>
    /// Offers each change in turn (<paramref name="offer"/> answers whether to take it) and makes the taken ones, unless
    /// <paramref name="apply"/> is false, to tell what would be done; returns the steps taken. The commit comes last.
    /// </summary>
    public IReadOnlyList<SetupStep> Walk(Func<SetupStep, bool> offer, bool apply)
    {
        ArgumentNullException.ThrowIfNull(offer);
        _notes.Clear();

        // Asked before anything is written: a file that already held a person's changes is theirs to commit.
        var dirty = _git.DirtyPaths().ToHashSet(StringComparer.Ordinal);
        var taken = Entries
            .Where(e => e.Change is not null)
            .Select(e => new SetupStep(e.Describe(), e.Change, [e.File.Path], () => RepoScaffold.Write(_root, e)))
            .Where(s => s.Take(offer, apply))
            .ToList();

        var written = taken.SelectMany(s => s.Files).ToList();
        foreach (var theirs in written.Where(dirty.Contains))
        {
            _notes.Add($"{theirs} had uncommitted changes of yours, so it is left uncommitted with them: commit it when you commit those");
        }

        List<string> files = [.. written.Where(f => !dirty.Contains(f) && !_git.Try("check-ignore", "--quiet", "--", f).Ok)];
        if (files.Count == 0)
        {
            return taken;
        }

        if (_git.IdentityProblem() is { } nobody)
        {
            _notes.Add($"the scaffold is left uncommitted: {nobody}, then commit it");
            return taken;
        }

        var commit = new SetupStep(
            $"the scaffold's {files.Count} file(s) are not committed", $"commit {string.Join(", ", files)} as \"{CommitMessage}\"", files,
            () => _git.CommitOnly(CommitMessage, files));
        if (commit.Take(offer, apply))
        {
            taken.Add(commit);
        }

        return taken;
    }
}
