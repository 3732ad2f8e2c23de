using System.Globalization;

namespace Ias.Core.Decisions;

/// <summary>How a store's questions are named: a letter and the row's sequence number (D3 in a checkout, Q3 in a shared queue).</summary>
public sealed record DecisionIds(string Prefix)
{
    /// <summary>A checkout's own questions, Run Mode's and its own queue's.</summary>
    public static DecisionIds Local { get; } = new("D");

    /// <summary>The questions of a team's shared queue: a letter of their own, so no one answers a checkout's D3 for the team's Q3.</summary>
    public static DecisionIds Shared { get; } = new("Q");

    public string Of(long seq) => Prefix + seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="id"/> carries this prefix (Q3, q3).</summary>
    public bool Names(string id) => Seq(id) is not null && id.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sequence number of D3, d3 or 3; null when it is none.</summary>
    public long? Seq(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var digits = id.Trim();
        if (digits.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[Prefix.Length..];
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
    }
}
