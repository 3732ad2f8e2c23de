namespace Ias.Core.Turns;

/// <summary>What a writing turn left in the repository: every commit since it started (the agent's own included) and the files they changed.</summary>
public sealed record TurnEvidence(IReadOnlyList<string> Commits, IReadOnlyList<string> ChangedFiles)
{
    public static TurnEvidence None { get; } = new([], []);
}
