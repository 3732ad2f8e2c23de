using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;

namespace Ias.Core.Setup;

/// <summary>
/// One thing `ias init-repo` found between a repository and its first run: pre-flight's refusal, and the change that
/// answers it with the files it writes; a step with no <see cref="Offer"/> is a person's to do.
/// </summary>
/// <param name="Refusal">What pre-flight says of the repository as it is, in pre-flight's words.</param>
/// <param name="Offer">What the step does, in one line, as the question asks it ("write .loa.config.yaml with …"); null: a person's to do.</param>
/// <param name="Files">The files it writes, relative to the repository.</param>
/// <param name="Apply">Makes the change.</param>
public sealed record SetupStep(string Refusal, string? Offer, IReadOnlyList<string> Files, Action? Apply)
{
    /// <summary>
    /// Offers the step (<paramref name="offer"/> answers whether to take it) and makes its change when it is taken, unless
    /// <paramref name="apply"/> is false, to tell what would be done; whether it was taken. A step that is a person's is never taken.
    /// </summary>
    public bool Take(Func<SetupStep, bool> offer, bool apply)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (!offer(this) || Apply is not { } change)
        {
            return false;
        }

        if (apply)
        {
            change();
        }

        return true;
    }

    /// <summary>
    /// The refusal of <paramref name="root"/> as a place to set up: not a git repository, or a folder inside one rather
    /// than its top, where `ias run` looks for what <paramref name="command"/> writes; each says to run <paramref name="command"/> again.
    /// </summary>
    public static WorkTreeStatus AtTop(GitCli git, string root, string command)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (git.Status() is not { } status)
        {
            throw new RunModeException($"{root} is not a git repository: run `git init` there first, then `{command}` again");
        }

        if (git.Run("rev-parse", "--show-prefix").Trim().Length > 0)
        {
            var top = git.Run("rev-parse", "--show-toplevel").Trim();
            throw new RunModeException($"{root} is inside the git repository {top}: run `{command}` at its top, or pass --repo {top}");
        }

        return status;
    }
}
