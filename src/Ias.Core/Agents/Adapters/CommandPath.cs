namespace Ias.Core.Agents.Adapters;

/// <summary>Whether a command can be started: a path names a file, a bare name is looked up on PATH.</summary>
internal static class CommandPath
{
    public static bool Exists(string command) =>
        command.Contains('/')
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, command)));
}
