using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Ias.Core.Config;

/// <summary>
/// What a workspace lets ias store and send (ias.data_policy), applied where text is written: under
/// <see cref="DataPolicyMode.MetadataOnly"/> identifiers, hashes and structure stay, and the human-readable text of a field
/// not on the allowlist becomes a marker with its hash. A queue job's prompt is its goal's description, so
/// `job.prompt` is allowed when `intake.rawContent` is, the one alias.
/// </summary>
/// <param name="Mode">Whether every field is stored in full, or only the allowlisted ones.</param>
/// <param name="Allowlist">The fields whose text <see cref="DataPolicyMode.MetadataOnly"/> still keeps; each must be one of <see cref="Fields"/>.</param>
public sealed record DataPolicy(DataPolicyMode Mode, IReadOnlySet<string> Allowlist)
{
    private const string Prompt = "job.prompt";
    private const string RawContent = "intake.rawContent";

    /// <summary>Every field name the policy knows, in the order the configuration reference lists them.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "repo.label", "repo.url", "intake.title", RawContent, Prompt, "job.summary", "job.reason",
        "pr.title", "pr.body", "decision.question", "decision.answer", "notify.summary",
    ];

    /// <summary>internal_ok, and for metadata_only the repository's display name and the goal's title and description.</summary>
    public static DataPolicy Default { get; } = new(DataPolicyMode.InternalOk, new HashSet<string>(["repo.label", "intake.title", RawContent], StringComparer.Ordinal));

    /// <summary>The allowlist, copied and checked (by `with` too): a name outside <see cref="Fields"/> is a programming error.</summary>
    public IReadOnlySet<string> Allowlist { get; init => field = Known(value); } = Known(Allowlist);

    /// <summary>Whether <paramref name="field"/>'s text is stored in full: always under internal_ok, else when it is allowlisted.</summary>
    public bool Allows(string field)
    {
        Check(field);
        return Mode == DataPolicyMode.InternalOk
            || Allowlist.Contains(field)
            || (field == Prompt && Allowlist.Contains(RawContent));
    }

    /// <summary>
    /// <paramref name="text"/> as <paramref name="field"/> may store it: the text itself when allowed (null stays null), else
    /// `[withheld: FIELD, sha256:…]` with the first 12 hex digits of the SHA-256 of its UTF-8 bytes, so equal texts still match.
    /// </summary>
    public string? Text(string field, string? text) =>
        Allows(field) || text is null ? text : $"{Marker}{field}, sha256:{Sha256Hex(text)[..12]}]";

    /// <summary>Whether <paramref name="text"/> is a marker <see cref="Text"/> left in place of a withheld text.</summary>
    public static bool Withheld(string? text) => text is not null && text.StartsWith(Marker, StringComparison.Ordinal);

    private const string Marker = "[withheld: ";

    /// <summary>
    /// The repository's identity in either mode, never the URL itself: `sha256:` and 16 hex digits of the URL trimmed, without
    /// trailing `/` or `.git`, its host in lower case (the path keeps its case, since some hosts tell paths apart by it).
    /// </summary>
    public string RepoIdentity(string remoteUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteUrl);
        return "sha256:" + Sha256Hex(Normalise(remoteUrl))[..16];
    }

    /// <summary>Two policies are equal when their modes and the members of their allowlists are.</summary>
    public bool Equals(DataPolicy? other) =>
        other is not null && Mode == other.Mode && Allowlist.SetEquals(other.Allowlist);

    public override int GetHashCode() => HashCode.Combine(Mode, Allowlist.Count);

    private static string Normalise(string url)
    {
        var s = url.Trim().TrimEnd('/');
        s = (s.EndsWith(".git", StringComparison.Ordinal) ? s[..^4] : s).TrimEnd('/');

        // scheme://[user@]host[:port]/path, or git's scp form [user@]host:path; a local path has no host.
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        int start, end;
        if (scheme >= 0)
        {
            start = scheme + 3;
            end = s.IndexOf('/', start) is var slash and >= 0 ? slash : s.Length;
        }
        else if (s.IndexOf(':') is var colon and > 0 && s.IndexOf('/') is var first && (first < 0 || first > colon))
        {
            start = 0;
            end = colon;
        }
        else
        {
            return s;
        }

        start = s.LastIndexOf('@', end - 1, end - start) is var at and >= 0 ? at + 1 : start;
        return string.Concat(s.AsSpan(0, start), s[start..end].ToLowerInvariant(), s.AsSpan(end));
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static FrozenSet<string> Known(IReadOnlySet<string> allowlist)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        foreach (var field in allowlist)
        {
            Check(field);
        }

        return allowlist.ToFrozenSet(StringComparer.Ordinal);
    }

    private static void Check(string field)
    {
        if (!Fields.Contains(field, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown data-policy field \"{field}\"; the fields are {string.Join(", ", Fields)}", nameof(field));
        }
    }
}
