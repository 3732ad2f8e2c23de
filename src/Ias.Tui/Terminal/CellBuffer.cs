using System.Text;
using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>A width×height grid of cells that views draw into and FrameWriter sends to the terminal.</summary>
public sealed class CellBuffer
{
    private Cell[] _cells;

    public CellBuffer(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Width = width;
        Height = height;
        _cells = new Cell[width * height];
        Array.Fill(_cells, Cell.Blank(Style.Plain));
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public Rect Bounds => new(0, 0, Width, Height);

    public Cell this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            {
                throw new ArgumentOutOfRangeException(nameof(x), $"cell ({x},{y}) is outside the {Width}x{Height} buffer; read inside Bounds");
            }

            return _cells[(y * Width) + x];
        }
    }

    /// <summary>Blanks every cell in <paramref name="style"/>.</summary>
    public void Clear(Style? style = null) => Array.Fill(_cells, Cell.Blank(style ?? Style.Plain));

    /// <summary>Writes <paramref name="text"/> from column x of row y, clipped at the right edge; returns the column after the last one written.</summary>
    public int Put(int x, int y, string text, Style style) => Put(x, y, text, style, int.MaxValue);

    /// <summary>Writes at most <paramref name="maxWidth"/> columns of <paramref name="text"/> from (x, y); returns the column after the last one written.</summary>
    public int Put(int x, int y, string text, Style style, int maxWidth)
    {
        if (y < 0 || y >= Height || maxWidth <= 0)
        {
            return x;
        }

        var limit = (int)Math.Min(Width, (long)x + maxWidth);
        var column = x;
        foreach (var grapheme in CellWidth.Graphemes(text))
        {
            if (column >= limit)
            {
                break;
            }

            var width = CellWidth.Of(grapheme);
            if (width == 0)
            {
                continue;
            }

            if (column + width > limit)
            {
                // Half a wide character cannot be drawn; the column it would have started is blanked instead.
                if (column >= 0)
                {
                    Set(column, y, " ", 1, style);
                    column++;
                }

                break;
            }

            if (column < 0)
            {
                if (column + width > 0)
                {
                    Set(0, y, " ", 1, style);
                }
            }
            else
            {
                Set(column, y, grapheme, width, style);
            }

            column += width;
        }

        return column;
    }

    /// <summary>Fills the part of <paramref name="area"/> inside the buffer with a one-column character.</summary>
    public void Fill(Rect area, char character, Style style)
    {
        var text = character.ToString();
        if (char.IsControl(character) || char.IsSurrogate(character) || CellWidth.Of(text) != 1)
        {
            throw new ArgumentException($"Fill takes a one-column character (got U+{(int)character:X4}); use Put for wide text", nameof(character));
        }

        var clip = area.Intersect(Bounds);
        for (var y = clip.Y; y < clip.Bottom; y++)
        {
            for (var x = clip.X; x < clip.Right; x++)
            {
                Set(x, y, text, 1, style);
            }
        }
    }

    /// <summary>Changes the size, keeping the overlapping top-left content and blanking new cells.</summary>
    public void Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var cells = new Cell[width * height];
        Array.Fill(cells, Cell.Blank(Style.Plain));
        for (var y = 0; y < Math.Min(height, Height); y++)
        {
            var keep = Math.Min(width, Width);
            Array.Copy(_cells, y * Width, cells, y * width, keep);
            if (keep > 0 && keep < Width && _cells[(y * Width) + keep].IsContinuation)
            {
                // The new right edge cut a wide character in half.
                cells[(y * width) + keep - 1] = Cell.Blank(cells[(y * width) + keep - 1].Style);
            }
        }

        _cells = cells;
        Width = width;
        Height = height;
    }

    /// <summary>Makes this buffer an exact copy of <paramref name="source"/>, size included.</summary>
    public void CopyFrom(CellBuffer source)
    {
        if (source.Width != Width || source.Height != Height)
        {
            _cells = new Cell[source._cells.Length];
            Width = source.Width;
            Height = source.Height;
        }

        Array.Copy(source._cells, _cells, _cells.Length);
    }

    public CellBuffer Clone()
    {
        var copy = new CellBuffer(0, 0);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>The characters only: rows joined by '\n', trailing spaces trimmed (for golden-file tests).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var row = new StringBuilder();
        for (var y = 0; y < Height; y++)
        {
            row.Clear();
            for (var x = 0; x < Width; x++)
            {
                row.Append(_cells[(y * Width) + x].Text);
            }

            if (y > 0)
            {
                text.Append('\n');
            }

            text.Append(row.ToString().TrimEnd(' '));
        }

        return text.ToString();
    }

    /// <summary>Moves rows top to bottom−1 up by <paramref name="lines"/>, whole rows, and blanks the rows that come in at the bottom, as a terminal scrolls a region.</summary>
    internal void ScrollUp(int top, int bottom, int lines)
    {
        var moved = Math.Max(0, bottom - top - lines);
        Array.Copy(_cells, (top + lines) * Width, _cells, top * Width, moved * Width);
        Array.Fill(_cells, Cell.Blank(Style.Plain), (top + moved) * Width, (bottom - top - moved) * Width);
    }

    /// <summary>True when the cell at (x, y) starts a two-column character.</summary>
    internal bool IsWideAt(int x, int y) => x + 1 < Width && _cells[(y * Width) + x + 1].IsContinuation;

    internal Cell At(int x, int y) => _cells[(y * Width) + x];

    private void Set(int x, int y, string text, int width, Style style)
    {
        var row = y * Width;

        // Never leave half of a wide character behind: its other half becomes a blank.
        if (_cells[row + x].IsContinuation && x > 0)
        {
            _cells[row + x - 1] = Cell.Blank(_cells[row + x - 1].Style);
        }

        var last = x + width - 1;
        if (last + 1 < Width && _cells[row + last + 1].IsContinuation)
        {
            _cells[row + last + 1] = Cell.Blank(_cells[row + last + 1].Style);
        }

        _cells[row + x] = new Cell(text, style);
        if (width == 2)
        {
            _cells[row + x + 1] = Cell.Continuation(style);
        }
    }
}
