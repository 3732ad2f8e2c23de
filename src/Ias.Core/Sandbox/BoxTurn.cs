namespace Ias.Core.Sandbox;

/// <summary>What one turn's agent needs in the box beyond the layout: its CLI's paths in the user's home and where its programs live (read-only).</summary>
/// <param name="Home">The CLI's folders and files: the role's own copies of the user's are bound there (see <see cref="BoxHomes"/>).</param>
/// <param name="Programs">The agent's program and ias itself, bound read-only wherever they live.</param>
public sealed record BoxTurn(IReadOnlyList<string> Home, IReadOnlyList<string> Programs)
{
    /// <summary>Whose home the turn runs in: a role's (<see cref="BoxHomes.ForRole"/>), a queue job's, the engine's git's or the tests'.</summary>
    public string HomeName { get; init; } = BoxHomes.Other;

    /// <summary>Token files in <see cref="Home"/> bound to the user's own (see <see cref="AgentNeeds.Tokens"/>).</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>Folders in <see cref="Home"/> left out of a role's copy (see <see cref="AgentNeeds.History"/>).</summary>
    public IReadOnlyList<string> History { get; init; } = [];
}
