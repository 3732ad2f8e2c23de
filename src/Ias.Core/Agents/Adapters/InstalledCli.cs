using Ias.Core.Config;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// A vendor's agent CLI as its adapter describes it: the program started when the config names no command, the product
/// and install command that messages name, and the oldest version that accepts every flag the adapter passes.
/// </summary>
public sealed record InstalledCli(string Executable, string Product, string Install, Version Minimum)
{
    /// <summary>Whether the command is this CLI itself rather than a wrapper under another name.</summary>
    public bool IsItself(string command) => Path.GetFileName(command) == Executable;

    /// <summary>Whether the CLI itself can be started by its bare name, as an agent whose config names no command is.</summary>
    public bool OnPath() => CommandPath.Exists(Executable);

    /// <summary>Null when the configured command (else the CLI's own) is on PATH and, if it is the CLI itself, new enough.</summary>
    public string? Check(AgentSettings settings, CliVersions versions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(versions);
        var command = settings.Command ?? Executable;
        if (!CommandPath.Exists(command))
        {
            return $"agent CLI {command} not found on PATH: install {Product} ({Install}) or set agents.default.agent: sim in {ConfigLoader.FileName}";
        }

        // Only the CLI itself is held to a version; a wrapper under another name answers --version its own way, if at all.
        return IsItself(command) ? versions.Check(command, Minimum, Install) : null;
    }
}
