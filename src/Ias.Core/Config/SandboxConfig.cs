namespace Ias.Core.Config;

/// <summary>The box around every agent process (ias.sandbox): on unless turned off, the credentials let into it, and the limits of every box.</summary>
/// <param name="Enabled">ias.sandbox.enabled; `--no-sandbox` turns it off for one command.</param>
/// <param name="Allow">ias.sandbox.allow: variables (GH_TOKEN) and home paths (~/.ssh) the agent may see.</param>
public sealed record SandboxConfig(bool Enabled, IReadOnlyList<string> Allow)
{
    public static readonly SandboxConfig Defaults = new(true, []);

    /// <summary>ias.sandbox.max_processes: processes and threads the box may hold at once.</summary>
    public int MaxProcesses { get; init; } = 4096;

    /// <summary>ias.sandbox.tmp_mb: the size of the box's private /tmp (and of a TMPDIR outside /tmp), in MiB.</summary>
    public int TmpMb { get; init; } = 1024;

    /// <summary>ias.sandbox.max_output_mb: what the agent may print in one turn, stdout and stderr together, in MiB.</summary>
    public int MaxOutputMb { get; init; } = 256;

    /// <summary>ias.sandbox.max_patch_mb: the largest change a writing turn may bring back from its workspace, and the largest file in it.</summary>
    public int MaxPatchMb { get; init; } = 64;

    /// <summary>ias.sandbox.network.mode (or ias.sandbox.network as a word): allowlist, open or none.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.Allowlist;

    /// <summary>ias.sandbox.network.allow: host names and wildcards ("*.pypi.org") the box may reach besides its CLI's own.</summary>
    public IReadOnlyList<string> NetworkAllow { get; init; } = [];

    /// <summary>ias.sandbox.workspace_mb: the most disk a run's workspace may take, in MiB; null for four times the checkout's, at least 1024.</summary>
    public int? WorkspaceMb { get; init; }
}
