namespace Ias.Tui.Terminal;

/// <summary>The fewest bytes that move the terminal's cursor from one cell to another: an absolute move, relative moves, or a carriage return and line feeds.</summary>
internal static class CursorMoves
{
    /// <summary>No move is longer than this many characters.</summary>
    public const int Longest = 24;

    /// <summary>
    /// Writes into <paramref name="best"/> (<see cref="Longest"/> characters) the shortest move from (fromX, fromY) to
    /// (toX, toY) and returns its length, 0 when the cursor is already there; a negative fromX or fromY means the cursor's
    /// place is unknown.
    /// </summary>
    public static int Shortest(int fromX, int fromY, int toX, int toY, Span<char> best)
    {
        if (fromX == toX && fromY == toY)
        {
            return 0;
        }

        var length = Absolute(toX, toY, best);
        if (fromX < 0 || fromY < 0)
        {
            return length;
        }

        Span<char> other = stackalloc char[Longest];
        var vertical = Vertical(toY - fromY, other);
        length = Keep(best, length, other, vertical + Horizontal(toX - fromX, other[vertical..]));

        // A carriage return then line feeds: '\n' alone may or may not return to column 1 (the tty's onlcr), after '\r' it is the same.
        if (toY >= fromY)
        {
            other[0] = '\r';
            var down = toY - fromY <= 3 ? Feeds(toY - fromY, other[1..]) : Vertical(toY - fromY, other[1..]);
            length = Keep(best, length, other, 1 + down + Horizontal(toX, other[(1 + down)..]));
        }

        return length;
    }

    /// <summary>Copies <paramref name="candidate"/> over <paramref name="best"/> when it is shorter; the length kept.</summary>
    private static int Keep(Span<char> best, int bestLength, Span<char> candidate, int candidateLength)
    {
        if (candidateLength >= bestLength)
        {
            return bestLength;
        }

        candidate[..candidateLength].CopyTo(best);
        return candidateLength;
    }

    /// <summary>CUP, with the parameters a terminal takes as 1 left out.</summary>
    private static int Absolute(int x, int y, Span<char> to)
    {
        var n = Start(to);
        if (y > 0 || x > 0)
        {
            n += Number(y + 1, to[n..]);
        }

        if (x > 0)
        {
            to[n++] = ';';
            n += Number(x + 1, to[n..]);
        }

        to[n++] = 'H';
        return n;
    }

    private static int Vertical(int dy, Span<char> to) => dy == 0 ? 0 : Relative(Math.Abs(dy), dy > 0 ? 'B' : 'A', to);

    private static int Horizontal(int dx, Span<char> to) => dx == 0 ? 0 : Relative(Math.Abs(dx), dx > 0 ? 'C' : 'D', to);

    private static int Relative(int count, char final, Span<char> to)
    {
        var n = Start(to);
        if (count > 1)
        {
            n += Number(count, to[n..]);
        }

        to[n++] = final;
        return n;
    }

    private static int Feeds(int count, Span<char> to)
    {
        to[..count].Fill('\n');
        return count;
    }

    private static int Start(Span<char> to)
    {
        to[0] = '\e';
        to[1] = '[';
        return 2;
    }

    private static int Number(int value, Span<char> to)
    {
        value.TryFormat(to, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }
}
