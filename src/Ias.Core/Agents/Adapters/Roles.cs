namespace Ias.Core.Agents.Adapters;

/// <summary>Which roles may change files (the implementer, and a bug's triager writing its reproduction); reviewer and auditor run read-only.</summary>
internal static class Roles
{
    public static bool Writes(string role) => role is "implementer" or "triager";

    /// <summary>A request's own write access (a queued job's --write) wins over its role's.</summary>
    public static bool Writes(AgentRequest request) => request.WriteAccess ?? Writes(request.Role);
}
