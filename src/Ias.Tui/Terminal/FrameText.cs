using System.Runtime.CompilerServices;
using System.Text;
using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>The text of one frame as it is built, with where the terminal's cursor and pen stand after it.</summary>
internal sealed class FrameText(SgrEncoder sgr)
{
    private const string Reset = "\e[0m";

    // Keyed by the style object itself, never by Spectre's equality (see SgrEncoder); weak, so styles of old frames go.
    private readonly ConditionalWeakTable<Style, string> _encoded = [];
    private int _cursorX;
    private int _cursorY;
    private string? _pen;

    // What the cells' text takes in UTF-8 beyond its UTF-16 length; everything else written is ASCII.
    private int _wider;

    public StringBuilder Text { get; } = new();

    /// <summary>For each row, whether the last <see cref="Diff"/> found a changed cell in it.</summary>
    public bool[] ChangedRows { get; private set; } = [];

    /// <summary>The UTF-8 length of the text so far.</summary>
    public int Bytes => Text.Length + _wider;

    /// <summary>Starts an empty frame; what the terminal's cursor and pen are is not trusted, since anything may have written since the last one.</summary>
    public void Begin()
    {
        Text.Clear();
        _wider = 0;
        _cursorX = -1;
        _cursorY = -1;
        _pen = null;
    }

    /// <summary>Clears the screen so that every cell is a blank in the plain style.</summary>
    public void ClearScreen()
    {
        Text.Append(Reset).Append("\e[2J");
        _pen = Reset;
    }

    /// <summary>
    /// Moves rows top to bottom−1 up by <paramref name="lines"/>, full width, blanking the rows that come in at the bottom:
    /// a scroll region and line feeds at its bottom margin, which every VT100 descendant understands, then the region reset.
    /// </summary>
    public void ScrollUp(int top, int bottom, int lines)
    {
        // The rows that come in take the pen's background, so the pen is plain first.
        PenTo(Reset);
        Text.Append("\e[").Append(top + 1).Append(';').Append(bottom).Append('r');
        Text.Append("\e[").Append(bottom).Append('H').Append('\n', lines).Append("\e[r");

        // Setting the margins sends the cursor home on most terminals but not all; unknown is the safe guess.
        _cursorX = -1;
        _cursorY = -1;
    }

    /// <summary>Writes every cell of <paramref name="next"/> that differs from what <paramref name="shown"/> holds; returns those cells' text bytes.</summary>
    public long Diff(CellBuffer shown, CellBuffer next)
    {
        var changedBytes = 0L;
        ChangedRows = ChangedRows.Length == next.Height ? ChangedRows : new bool[next.Height];
        Array.Clear(ChangedRows);
        for (var y = 0; y < next.Height; y++)
        {
            for (var x = 0; x < next.Width; x++)
            {
                var cell = next.At(x, y);
                if (cell.IsContinuation)
                {
                    // Drawn with its left half; when only this half changed the left half was compared below.
                    continue;
                }

                var wide = next.IsWideAt(x, y);
                if (cell != shown.At(x, y) || (wide && next.At(x + 1, y) != shown.At(x + 1, y)))
                {
                    changedBytes += Encoding.UTF8.GetByteCount(cell.Text);
                    ChangedRows[y] = true;
                    Emit(next, x, y);
                }
            }
        }

        return changedBytes;
    }

    /// <summary>Writes every cell of <paramref name="next"/>.</summary>
    public void All(CellBuffer next)
    {
        for (var y = 0; y < next.Height; y++)
        {
            for (var x = 0; x < next.Width; x++)
            {
                if (!next.At(x, y).IsContinuation)
                {
                    Emit(next, x, y);
                }
            }
        }
    }

    /// <summary>Gets the cursor to (x, y), over the unchanged cells before it on the same row when rewriting them is shorter than a move, and writes the cell there.</summary>
    private void Emit(CellBuffer next, int x, int y)
    {
        var target = Encode(next.At(x, y).Style);
        Span<char> shortest = stackalloc char[CursorMoves.Longest];
        var length = CursorMoves.Shortest(_cursorX, _cursorY, x, y, shortest);
        var move = length + PenCost(_pen, target);
        if (_cursorY == y && _cursorX >= 0 && _cursorX < x && RewriteCost(next, y, _cursorX, x, target, move) < move)
        {
            for (var gap = _cursorX; gap < x; gap += next.IsWideAt(gap, y) ? 2 : 1)
            {
                Put(next, gap, y);
            }
        }
        else
        {
            Text.Append(shortest[..length]);
        }

        Put(next, x, y);
    }

    /// <summary>The bytes that rewrite the cells from..to−1 of row y and then set <paramref name="target"/>; past <paramref name="budget"/> it stops counting.</summary>
    private int RewriteCost(CellBuffer next, int y, int from, int to, string target, int budget)
    {
        var cost = 0;
        var pen = _pen;
        for (var x = from; x < to && cost < budget; x++)
        {
            var cell = next.At(x, y);
            if (cell.IsContinuation)
            {
                continue;
            }

            var sgr = Encode(cell.Style);
            cost += PenCost(pen, sgr) + Encoding.UTF8.GetByteCount(cell.Text);
            pen = sgr;
        }

        return cost + PenCost(pen, target);
    }

    private void Put(CellBuffer next, int x, int y)
    {
        var cell = next.At(x, y);
        PenTo(Encode(cell.Style));
        Text.Append(cell.Text);
        _wider += Encoding.UTF8.GetByteCount(cell.Text) - cell.Text.Length;
        _cursorX = x + (next.IsWideAt(x, y) ? 2 : 1);
        _cursorY = y;
        if (_cursorX >= next.Width)
        {
            // With line wrap off the cursor sticks at the last column; with it on it may wrap: either way, unknown.
            _cursorX = -1;
        }
    }

    private void PenTo(string sgr)
    {
        if (sgr == _pen)
        {
            return;
        }

        // Every encoding starts by resetting; after a reset that part can go.
        if (_pen == Reset)
        {
            Text.Append("\e[").Append(sgr.AsSpan(4));
        }
        else
        {
            Text.Append(sgr);
        }

        _pen = sgr;
    }

    private static int PenCost(string? pen, string sgr) => sgr == pen ? 0 : pen == Reset ? sgr.Length - 2 : sgr.Length;

    private string Encode(Style style) => _encoded.GetValue(style, sgr.Encode);
}
