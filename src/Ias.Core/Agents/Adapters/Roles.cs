namespace Ias.Core.Agents.Adapters;

/// <summary>Which roles may change files; every other role (reviewer, auditor) runs read-only.</summary>
internal static class Roles
{
    public static bool Writes(string role) => role == "implementer";
}
