namespace Ias.Core.Agents.Adapters;

/// <summary>Which roles may change files (the implementer, and a bug's triager writing its reproduction); reviewer and auditor run read-only.</summary>
internal static class Roles
{
    public static bool Writes(string role) => role is "implementer" or "triager";
}
