using Ias.Core.Config;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// The data policy a team's shared queue holds for every checkout that writes to it, set once (by `ias new-run
/// --data-policy`, or by the first runner from its configuration) and who set it when. A checkout whose own
/// ias.data_policy says otherwise follows the queue's, and is told so in one line.
/// </summary>
public sealed record QueuePolicy(DataPolicy Policy, string SetBy, DateTimeOffset SetAt)
{
    public const string InternalOk = "internal_ok";
    public const string MetadataOnly = "metadata_only";

    /// <summary>How the configuration spells a mode.</summary>
    public static string ModeName(DataPolicyMode mode) => mode == DataPolicyMode.MetadataOnly ? MetadataOnly : InternalOk;

    /// <summary>The mode a store or a command line spells; null when it is neither.</summary>
    public static DataPolicyMode? ParseMode(string? name) => name switch
    {
        InternalOk => DataPolicyMode.InternalOk,
        MetadataOnly => DataPolicyMode.MetadataOnly,
        _ => null,
    };

    /// <summary>Whether two policies store the same: the same mode, and under metadata_only the same allowlist.</summary>
    public static bool Agree(DataPolicy a, DataPolicy b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Mode == b.Mode && (a.Mode == DataPolicyMode.InternalOk || a.Allowlist.SetEquals(b.Allowlist));
    }

    /// <summary>A policy as a person reads it: "internal_ok", or "metadata_only (allowlist: repo.label, intake.title)".</summary>
    public static string Describe(DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Mode == DataPolicyMode.InternalOk
            ? InternalOk
            : $"{MetadataOnly} (allowlist: {(policy.Allowlist.Count == 0 ? "none" : string.Join(", ", Allowlist(policy)))})";
    }

    /// <summary>The allowlist in the order the configuration reference lists the fields.</summary>
    public static IEnumerable<string> Allowlist(DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DataPolicy.Fields.Where(policy.Allowlist.Contains);
    }

    /// <summary>Null when <paramref name="configured"/> agrees with the queue's policy; otherwise the one line that says the checkout follows the queue's.</summary>
    public string? Disagreement(DataPolicy configured) => Agree(Policy, configured)
        ? null
        : $"this checkout's ias.data_policy is {Describe(configured)}, the shared queue's is {Describe(Policy)} (set by {SetBy} at {SetAt:u}): what this checkout writes to the queue follows the queue's policy; set the same in {ConfigLoader.FileName} to agree";
}
