namespace Ias.Core.Config;

/// <summary>ias.data_policy.mode: whether content is stored in full or only its identifiers, hashes and structure.</summary>
public enum DataPolicyMode
{
    /// <summary>internal_ok: full content may be stored.</summary>
    InternalOk,

    /// <summary>metadata_only: only identifiers, hashes and structural metadata, and the text of allowlisted fields.</summary>
    MetadataOnly,
}
