using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Ias.Core.Cycles.Findings;

/// <summary>The same-issue fingerprint: sorted ids and titles, whitespace folded, case ignored.</summary>
public static partial class FindingsHash
{
    /// <summary>Null for no findings: "no findings" is never a repeated issue.</summary>
    public static string? Of(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return null;
        }

        var lines = findings
            .Select(f => $"{Fold(f.Id)}|{Fold(f.Title)}")
            .Order(StringComparer.Ordinal);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(bytes)[..12];
    }

    private static string Fold(string s) => Spaces().Replace(s.Trim(), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
