using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias worktrees [remove NAME]`: the worktrees runs work in, and removing one no engine works in.</summary>
/// <remarks>A run gives its worktree back when nothing can resume it; a halted one, or one with changes left in it, stays here.</remarks>
public static class WorktreesCommand
{
    public static Command Create()
    {
        var cmd = new Command("worktrees", "List the worktrees runs work in (`ias worktrees remove NAME` removes one)");
        cmd.SetAction(pr =>
        {
            Console.Write(List(Cli.Paths(pr)));
            return 0;
        });
        var name = new Argument<string>("name") { Description = "The worktree's name or branch, as `ias worktrees` lists it" };
        var force = new Option<bool>("--force") { Description = "Remove it with the uncommitted changes in it (they are lost; its branch stays)" };
        var remove = new Command("remove", "Remove a run's worktree; its branch and commits stay") { name, force };
        remove.SetAction(pr =>
        {
            Console.WriteLine(Remove(Cli.Paths(pr), pr.GetValue(name)!, pr.GetValue(force)));
            return 0;
        });
        cmd.Subcommands.Add(remove);
        return cmd;
    }

    /// <summary>One line a worktree: its name, its branch, whether changes are left in it, and its folder.</summary>
    public static string List(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var trees = RunWorktree.Ours(new GitCli(paths.RepoRoot));
        if (trees.Count == 0)
        {
            return "no worktrees: no run works here, or each gave its worktree back when it ended\n";
        }

        var lines = trees.Select(t =>
        {
            var changes = new GitCli(t.Path).Try("status", "--porcelain") is { Ok: true } s ? s.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;
            return $"{Path.GetFileName(t.Path),-28} {t.Branch ?? "(detached)",-28} {(changes == 0 ? "clean" : $"{changes} change(s)"),-12} {t.Path}";
        });
        var engine = Working(paths) is { } holder ? $"an engine ({holder}) is working in this repository\n" : "";
        return engine + string.Join('\n', lines) + "\n";
    }

    /// <summary>Who works in the repository: the engine of `.run/` or of a lane beside it; null when none does.</summary>
    private static string? Working(RunPaths paths)
    {
        string? holder = null;
        return paths.Lanes().Any(l => EngineLock.IsHeld(l.EngineLock, out holder)) ? holder ?? "unknown owner" : null;
    }

    /// <summary>Removes the worktree named or on the branch <paramref name="name"/>; refused while an engine works in the repository.</summary>
    public static string Remove(RunPaths paths, string name, bool force)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var git = new GitCli(paths.RepoRoot);
        var tree = RunWorktree.Ours(git).FirstOrDefault(t => Path.GetFileName(t.Path) == name || t.Branch == name);
        if (tree.Path is null)
        {
            throw new RunModeException($"no worktree of ias is named {name} or on branch {name}; `ias worktrees` lists them");
        }

        if (Working(paths) is { } holder)
        {
            throw new RunModeException($"an engine ({holder}) is working in this repository; halt it with `ias run-halt` first, then remove {name}");
        }

        // A queue's writing job, or a person's drop-in to one, holds the lock beside the worktree while it works there.
        if (CheckoutLock.Holder(RunWorktree.LockOf(tree.Path)) is { } writer)
        {
            throw new RunModeException($"{writer.Describe(DateTimeOffset.Now, "on " + (tree.Branch ?? name))}; then remove {name}");
        }

        return RunWorktree.RemoveAt(git, tree.Path, force) is { } stays
            ? throw new RunModeException(stays)
            : $"removed {tree.Path}" + (tree.Branch is { } branch ? $"; branch {branch} stays, and {(branch.StartsWith("ias/", StringComparison.Ordinal) ? "its queue's next writing job" : "`ias run-resume`")} makes the worktree again" : "");
    }
}
