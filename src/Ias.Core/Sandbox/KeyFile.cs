namespace Ias.Core.Sandbox;

/// <summary>A config file of a CLI's and the way its text names the variables that hold its keys.</summary>
/// <param name="Path">The file, written as <see cref="AgentNeeds.HomePaths"/> are: "~/.claude/settings.json", "$CODEX_HOME/config.toml".</param>
/// <param name="Names">The variable names the file's text gives; a text it cannot make sense of gives none, and never throws.</param>
public sealed record KeyFile(string Path, Func<string, IEnumerable<string>> Names)
{
    /// <summary>The files in the home, as "~/…", that the text's commands run for a key (claude's apiKeyHelper script).</summary>
    public Func<string, IEnumerable<string>>? HomeFiles { get; init; }
}
