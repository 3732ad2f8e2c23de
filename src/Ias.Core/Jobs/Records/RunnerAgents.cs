using Ias.Core.Agents.Adapters;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// The agents a runner can start, its capabilities: every agent of the adapters' registry that is no vendor's CLI (the
/// simulated agent, a command of the user's), and each vendor's CLI found on the runner's PATH. A runner claims only jobs
/// whose agent it has, so a box without `codex` leaves `--agent codex` jobs to one that has it.
/// </summary>
public sealed record RunnerAgents
{
    private RunnerAgents(IReadOnlyList<string> names) => Names = names;

    /// <summary>The agents' names in the registry's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>What a runner with <paramref name="adapters"/> can start on this machine's PATH now.</summary>
    public static RunnerAgents Found(AgentAdapters adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        return new([.. adapters.All.Where(a => a.Installed is not { } cli || cli.OnPath()).Select(a => a.Kind.Name)]);
    }

    /// <summary>Exactly these agents (tests, and what a store read back).</summary>
    public static RunnerAgents Of(params string[] names) => new([.. names.Select(n => n.ToLowerInvariant()).Distinct(StringComparer.Ordinal)]);

    /// <summary>Whether a job of <paramref name="agent"/> may run here; a job that names none takes the runner's configured agent.</summary>
    public bool Has(string? agent) => agent is null || Names.Contains(agent, StringComparer.OrdinalIgnoreCase);

    /// <summary>How a store keeps them: the names joined by commas.</summary>
    public string Wire => string.Join(',', Names);

    /// <summary>The agents a store kept; null for a runner that recorded none (an older ias, which claims every job).</summary>
    public static RunnerAgents? Parse(string? wire) =>
        wire is null ? null : new([.. wire.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

    /// <summary>
    /// The agents of <paramref name="pending"/> jobs that none of the <paramref name="live"/> runners has, each with the
    /// line `ias status` gives its jobs; a live runner that recorded no agents claims every job.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Unserved(IEnumerable<string> pending, IEnumerable<RunnerAgents?> live)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var runners = live.ToList();
        if (runners.Any(r => r is null))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return pending.Distinct(StringComparer.Ordinal)
            .Where(agent => !runners.Any(r => r!.Has(agent)))
            .ToDictionary(agent => agent, Waits, StringComparer.Ordinal);
    }

    /// <summary>What `ias status` says of a pending job whose agent no live runner has.</summary>
    public static string Waits(string agent) => $"waits for a runner with {agent}";

    public bool Equals(RunnerAgents? other) => other is not null && Names.SequenceEqual(other.Names, StringComparer.Ordinal);

    public override int GetHashCode() => Wire.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Names.Count == 0 ? "no agent" : string.Join(", ", Names);
}
