namespace Ias.Core.Sandbox;

/// <summary>What one agent CLI needs from outside the box, declared by its adapter: nothing else of the user's is there.</summary>
/// <param name="HomePaths">Paths in the user's home bound read-write, as "~/.claude"; "$CODEX_HOME" binds the path that variable names.</param>
/// <param name="Variables">Its API variables: names, or prefixes ending in '*' ("ANTHROPIC_*").</param>
public sealed record AgentNeeds(IReadOnlyList<string> HomePaths, IReadOnlyList<string> Variables)
{
    public static readonly AgentNeeds None = new([], []);

    /// <summary>The home paths as absolute paths, for a home at <paramref name="home"/> and the agent's variables in <paramref name="environment"/>.</summary>
    public IEnumerable<string> Resolve(string? home, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var path in HomePaths)
        {
            if (path.StartsWith('$'))
            {
                if (environment.TryGetValue(path[1..], out var named) && Path.IsPathRooted(named))
                {
                    yield return Path.GetFullPath(named);
                }
            }
            else if (path.StartsWith("~/", StringComparison.Ordinal) && home is not null)
            {
                yield return Path.Combine(home, path[2..]);
            }
        }
    }
}
