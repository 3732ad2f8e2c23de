namespace Ias.Core.Agents;

/// <summary>What to run and its limits; <see cref="Environment"/> is laid over the inherited environment, and an infinite <see cref="IdleLimit"/> turns the idle check off.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Args,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string? StdinText,
    TimeSpan WallLimit,
    TimeSpan IdleLimit,
    TimeSpan KillGrace);
