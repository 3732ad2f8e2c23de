namespace Ias.SimAgent;

/// <summary>A scenario entry: in <see cref="Cycle"/> (a queue job's number), the agent writes <see cref="Text"/> as the follow-up file <see cref="Name"/> into IAS_FOLLOW_UPS.</summary>
public sealed record SimFollowUp
{
    public required int Cycle { get; init; }

    public required string Name { get; init; }

    public required string Text { get; init; }
}
