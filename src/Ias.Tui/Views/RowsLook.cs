using System.Runtime.CompilerServices;
using Ias.Core.Snapshots;

namespace Ias.Tui.Views;

/// <summary>
/// What the dashboard's fingerprint needs of a snapshot's rows, worked out once per list: the snapshot reader hands the
/// same list back while nothing it watches changed, and a queue's list can hold 100,000 rows, polled twice a second.
/// </summary>
internal static class RowsLook
{
    private static readonly ConditionalWeakTable<IReadOnlyList<JobRow>, Look> Looks = new();

    /// <summary>A hash of every row's values (rows are records), and whether any row that started has no end yet.</summary>
    public sealed record Look(int Hash, bool Unended);

    public static Look Of(IReadOnlyList<JobRow> rows) => Looks.GetValue(rows, static rows =>
    {
        var hash = new HashCode();
        var unended = false;
        foreach (var row in rows)
        {
            hash.Add(row);
            unended |= row.Ended is null && !row.Status.Waits();
        }

        return new Look(hash.ToHashCode(), unended);
    });
}
