namespace Ias.Tui.Terminal;

/// <summary>Finds how many rows the content of an area moved up between two frames, as a log that grows at its bottom does.</summary>
internal static class ScrollDetector
{
    /// <summary>
    /// The shift k ≥ 1 for which the most rows of <paramref name="area"/> in <paramref name="next"/> equal the row k lower in
    /// <paramref name="previous"/> while they differ from their own row there; 0 when no row moved.
    /// </summary>
    public static int Find(CellBuffer previous, CellBuffer next, Rect area)
    {
        area = area.Intersect(next.Bounds);
        if (area.Height < 2 || previous.Width != next.Width || previous.Height != next.Height)
        {
            return 0;
        }

        var before = RowHashes(previous, area);
        var after = RowHashes(next, area);
        var (best, bestRows) = (0, 0);
        for (var k = 1; k < area.Height; k++)
        {
            var rows = 0;
            for (var i = 0; i + k < area.Height; i++)
            {
                if (after[i] == before[i + k] && after[i] != before[i])
                {
                    rows++;
                }
            }

            if (rows > bestRows)
            {
                (best, bestRows) = (k, rows);
            }
        }

        // A collision only costs bytes: what is sent is an exact diff against the scrolled screen.
        return best;
    }

    private static int[] RowHashes(CellBuffer buffer, Rect area)
    {
        var hashes = new int[area.Height];
        for (var i = 0; i < area.Height; i++)
        {
            // The text alone: hashing styles costs more than the rare row that differs only in colour, which the diff sends anyway.
            var hash = new HashCode();
            for (var x = area.X; x < area.Right; x++)
            {
                hash.Add(buffer.At(x, area.Y + i).Text.GetHashCode(StringComparison.Ordinal));
            }

            hashes[i] = hash.ToHashCode();
        }

        return hashes;
    }
}
