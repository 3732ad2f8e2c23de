namespace Ias.Core.Config;

/// <summary>The box around every agent process (ias.sandbox): on unless turned off, and the credentials let into it.</summary>
/// <param name="Enabled">ias.sandbox.enabled; `--no-sandbox` turns it off for one command.</param>
/// <param name="Allow">ias.sandbox.allow: credential variables (GH_TOKEN) and home paths (~/.ssh) the agent may see.</param>
public sealed record SandboxConfig(bool Enabled, IReadOnlyList<string> Allow)
{
    public static readonly SandboxConfig Defaults = new(true, []);

    /// <summary>ias.sandbox.max_patch_mb: the largest change a writing turn may bring back from its workspace, and the largest file in it.</summary>
    public int MaxPatchMb { get; init; } = 64;
}
