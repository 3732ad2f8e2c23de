using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>The limits every box holds to, whoever starts it (the agent's, git's in the workspace, the tests'): from ias.sandbox.</summary>
/// <param name="MaxProcesses">Processes and threads the box may hold at once (ias.sandbox.max_processes).</param>
/// <param name="OutputBytes">What the box may print, stdout and stderr together (ias.sandbox.max_output_mb).</param>
/// <param name="WorkspaceBytes">The disk a run's workspace may take (ias.sandbox.workspace_mb), and so the largest file any process in a box may write.</param>
public sealed record BoxLimits(int MaxProcesses, long OutputBytes, long WorkspaceBytes)
{
    private const long MiB = 1024L * 1024;

    /// <summary>The least a workspace may take by default, whatever the size of the checkout.</summary>
    public const long LeastWorkspaceBytes = 1024 * MiB;

    /// <summary>The limits of <paramref name="sandbox"/>; an unset workspace_mb is four times what <paramref name="checkout"/>'s files take (not its `.git`), at least 1024 MiB.</summary>
    public static BoxLimits Of(SandboxConfig sandbox, string checkout)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var workspace = sandbox.WorkspaceMb is { } mb
            ? mb * MiB
            : Math.Max(LeastWorkspaceBytes, 4 * DiskUsage.Of(checkout, stopAbove: long.MaxValue / 8, skip: ".git"));
        return new BoxLimits(sandbox.MaxProcesses, sandbox.MaxOutputMb * MiB, workspace);
    }

}
