namespace Ias.Core.Agents.Adapters;

/// <summary>Which turns may change files: the role's own write access, unless the request says otherwise.</summary>
internal static class Roles
{
    /// <summary>A request's own write access (a queued job's --write) wins over its role's.</summary>
    public static bool Writes(AgentRequest request) => request.WriteAccess ?? request.Role.Writes;
}
