namespace Ias.Core.Cycles;

/// <summary>
/// One thing `ias init-repo` found between a repository and its first run: pre-flight's refusal, and the change that
/// answers it with the files it writes; a step with no <see cref="Offer"/> is a person's to do.
/// </summary>
/// <param name="Refusal">What pre-flight says of the repository as it is, in pre-flight's words.</param>
/// <param name="Offer">What the step does, in one line, as the question asks it ("write .loa.config.yaml with …"); null: a person's to do.</param>
/// <param name="Files">The files it writes, relative to the repository.</param>
/// <param name="Apply">Makes the change.</param>
public sealed record SetupStep(string Refusal, string? Offer, IReadOnlyList<string> Files, Action? Apply);
