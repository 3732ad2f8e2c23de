namespace Ias.Core.Jobs;

/// <summary>A job as someone asks for it, before the queue gives it a number: role, prompt, agent and whether it writes.</summary>
public sealed record JobRequest(string Role, string Prompt, string? Agent, bool Writes);
