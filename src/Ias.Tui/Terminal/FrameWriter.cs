using System.Text;
using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>Writes the ANSI that turns the screen from one frame into the next, touching only cells that changed.</summary>
public sealed class FrameWriter
{
    private const string BeginSynchronized = "\e[?2026h";
    private const string EndSynchronized = "\e[?2026l";
    private const string Reset = "\e[0m";

    private readonly Stream _output;
    private readonly SgrEncoder _sgr;
    private readonly StringBuilder _text = new();
    private byte[] _bytes = [];
    private int _cursorX;
    private int _cursorY;
    private Style? _penStyle;
    private string? _penSgr;

    public FrameWriter(Stream output, ColorMode colorMode, bool synchronizedOutput = true)
    {
        _output = output;
        _sgr = new SgrEncoder(colorMode);
        ColorMode = colorMode;
        SynchronizedOutput = synchronizedOutput;
    }

    public ColorMode ColorMode { get; }

    /// <summary>Whether frames are wrapped in ESC[?2026h … ESC[?2026l so the terminal shows them whole.</summary>
    public bool SynchronizedOutput { get; }

    /// <summary>
    /// The UTF-8 bytes of the changed cells' own text over every diff written so far: the least any renderer must send for
    /// the same frames, without a cursor move or a colour (the benchmark's floor for the terminal bytes).
    /// </summary>
    public long ChangedTextBytes { get; private set; }

    /// <summary>Writes the cells of <paramref name="next"/> that differ from <paramref name="previous"/> (null: screen unknown, so everything); returns the bytes written, 0 when nothing changed.</summary>
    public int Write(CellBuffer? previous, CellBuffer next)
    {
        if (previous is null || previous.Width != next.Width || previous.Height != next.Height)
        {
            return FullRedraw(next);
        }

        Begin();
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
                var changed = cell != previous.At(x, y) || (wide && next.At(x + 1, y) != previous.At(x + 1, y));
                if (changed)
                {
                    ChangedTextBytes += Encoding.UTF8.GetByteCount(cell.Text);
                    Emit(next, x, y, cell, wide);
                }
            }
        }

        return Flush();
    }

    /// <summary>Clears the screen and writes every cell of <paramref name="next"/>: after a resize, and as the benchmark reference.</summary>
    public int FullRedraw(CellBuffer next)
    {
        Begin();
        _text.Append(Reset).Append("\e[2J");
        _penSgr = Reset;
        for (var y = 0; y < next.Height; y++)
        {
            for (var x = 0; x < next.Width; x++)
            {
                var cell = next.At(x, y);
                if (!cell.IsContinuation)
                {
                    Emit(next, x, y, cell, next.IsWideAt(x, y));
                }
            }
        }

        return Flush();
    }

    private void Begin()
    {
        _text.Clear();

        // What the terminal's cursor and pen are after the last frame is not trusted: anything may have written since.
        _cursorX = -1;
        _cursorY = -1;
        _penStyle = null;
        _penSgr = null;
    }

    private void Emit(CellBuffer next, int x, int y, Cell cell, bool wide)
    {
        if (_cursorX != x || _cursorY != y)
        {
            _text.Append("\e[").Append(y + 1).Append(';').Append(x + 1).Append('H');
        }

        if (!ReferenceEquals(cell.Style, _penStyle))
        {
            var sgr = _sgr.Encode(cell.Style);
            if (sgr != _penSgr)
            {
                _text.Append(sgr);
                _penSgr = sgr;
            }

            _penStyle = cell.Style;
        }

        _text.Append(cell.Text);
        _cursorX = x + (wide ? 2 : 1);
        _cursorY = y;
        if (_cursorX >= next.Width)
        {
            // With line wrap off the cursor sticks at the last column; with it on it may wrap: either way, unknown.
            _cursorX = -1;
        }
    }

    private int Flush()
    {
        if (_text.Length == 0)
        {
            return 0;
        }

        if (SynchronizedOutput)
        {
            _text.Insert(0, BeginSynchronized).Append(EndSynchronized);
        }

        var frame = _text.ToString();
        var count = Encoding.UTF8.GetByteCount(frame);
        if (_bytes.Length < count)
        {
            _bytes = new byte[Math.Max(count, _bytes.Length * 2)];
        }

        Encoding.UTF8.GetBytes(frame, _bytes);

        // One write per frame so a frame reaches the terminal (and an SSH packet) whole.
        _output.Write(_bytes, 0, count);
        _output.Flush();
        return count;
    }
}
