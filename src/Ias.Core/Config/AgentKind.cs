namespace Ias.Core.Config;

/// <summary>The agent CLI that plays a role; Custom runs a command of the user's, Sim the built-in simulated agent.</summary>
public enum AgentKind
{
    Claude,
    Codex,
    Gemini,
    Custom,
    Sim,
}
