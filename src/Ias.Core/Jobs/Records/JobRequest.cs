namespace Ias.Core.Jobs.Records;

/// <summary>A job as someone asks for it, before the queue gives it a number: role, prompt, agent, whether it writes, and the pull request a review job reviews.</summary>
public sealed record JobRequest(string Role, string Prompt, string? Agent, bool Writes, string? Pr = null);
