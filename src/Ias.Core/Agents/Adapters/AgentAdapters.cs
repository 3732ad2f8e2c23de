using Ias.Core.Config;

namespace Ias.Core.Agents.Adapters;

/// <summary>The agent CLIs ias can run, one adapter each; config names, pre-flight, launches and the parsing of their output all look agents up here.</summary>
public sealed class AgentAdapters
{
    private readonly IAgentAdapter[] _all;

    public AgentAdapters(IEnumerable<IAgentAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        _all = [.. adapters];
        if (_all.GroupBy(a => a.Kind.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"two agent adapters are called {twice.Key}; give each its own name", nameof(adapters));
        }

        Kinds = [.. _all.Select(a => a.Kind)];
    }

    /// <summary>The agents this program ships, in the order messages list them. A new CLI is one line here.</summary>
    public static AgentAdapters Builtin { get; } = new(
    [
        new Claude.ClaudeAdapter(),
        new Codex.CodexAdapter(),
        new Gemini.GeminiAdapter(),
        new Custom.CustomAdapter(),
        new Sim.SimAdapter(),
    ]);

    public IReadOnlyList<IAgentAdapter> All => _all;

    /// <summary>The names a configuration may give an agent.</summary>
    public IReadOnlyList<AgentKind> Kinds { get; }

    /// <summary>The names for a message, as "claude, codex, gemini, custom or sim".</summary>
    public string Names => AgentKind.List(Kinds, " or ");

    /// <summary>These adapters and one more (a test's, say).</summary>
    public AgentAdapters With(IAgentAdapter adapter) => new([.. _all, adapter]);

    /// <summary>The adapter of that name, in any case; null when there is none.</summary>
    public IAgentAdapter? Find(string? name) => _all.FirstOrDefault(a => string.Equals(a.Kind.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The adapter for a kind that configuration produced from these adapters' names.</summary>
    public IAgentAdapter For(AgentKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Find(kind.Name) ?? throw new ArgumentException($"no agent adapter is called {kind}; use {Names}", nameof(kind));
    }
}
