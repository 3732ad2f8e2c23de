namespace Ias.Core.Config;

/// <summary>
/// The agent CLI that plays a role, by the name .loa.config.yaml and --agent give it (claude, sim, ...). The adapter
/// registry says which names exist; an agent that is only the user's own command (custom) needs a command in the config.
/// </summary>
public sealed record AgentKind
{
    public AgentKind(string name, bool needsCommand = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.ToLowerInvariant();
        NeedsCommand = needsCommand;
    }

    /// <summary>The name in lower case, as files and messages spell it.</summary>
    public string Name { get; }

    /// <summary>Whether the agent is nothing but a command of the user's, so agents.*.command must name one.</summary>
    public bool NeedsCommand { get; }

    /// <summary>The kind of that name among <paramref name="kinds"/>, in any case; null when none is called so.</summary>
    public static AgentKind? Find(IEnumerable<AgentKind> kinds, string? name)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return kinds.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The names for a message: "claude, codex, gemini, custom or sim" with <paramref name="last"/> " or ", "a, b, c" with ", ".</summary>
    public static string List(IEnumerable<AgentKind> kinds, string last)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var names = kinds.Select(k => k.Name).ToList();
        return names.Count < 2 ? string.Concat(names) : string.Join(", ", names[..^1]) + last + names[^1];
    }

    public override string ToString() => Name;
}
