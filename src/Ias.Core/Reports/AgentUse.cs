namespace Ias.Core.Reports;

/// <summary>What one agent CLI used in the report's window (on one machine, for a shared queue's jobs): calls, tokens, dollars and time.</summary>
/// <param name="Agent">claude, codex, gemini, sim…</param>
/// <param name="Host">The machine whose runners made a shared queue's calls; null for this checkout's own.</param>
/// <param name="Calls">Agent CLI calls (a queue job's attempts).</param>
/// <param name="TokensIn">Tokens sent to the model.</param>
/// <param name="TokensOut">Tokens the model wrote.</param>
/// <param name="Usd">Dollars, as the CLIs reported them.</param>
/// <param name="Time">How long the calls ran, added up.</param>
public sealed record AgentUse(string Agent, string? Host, int Calls, long TokensIn, long TokensOut, decimal Usd, TimeSpan Time);
