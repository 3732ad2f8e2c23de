using System.Text;

namespace Ias.Tui.Terminal;

/// <summary>
/// Writes the ANSI that turns the screen from one frame into the next, touching only cells that changed; where an area's
/// rows moved up, it also tries scrolling them on the terminal first and sends whichever of the two is shorter.
/// </summary>
public sealed class FrameWriter
{
    private static readonly byte[] BeginSynchronized = "\e[?2026h"u8.ToArray();
    private static readonly byte[] EndSynchronized = "\e[?2026l"u8.ToArray();

    private readonly Stream _output;
    private readonly Encoder _utf8 = Encoding.UTF8.GetEncoder();
    private FrameText _best;
    private FrameText _candidate;
    private CellBuffer? _scrolled;
    private byte[] _bytes = [];

    public FrameWriter(Stream output, ColorMode colorMode, bool synchronizedOutput = true)
    {
        _output = output;
        var sgr = new SgrEncoder(colorMode);
        (_best, _candidate) = (new FrameText(sgr), new FrameText(sgr));
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
    public int Write(CellBuffer? previous, CellBuffer next) => Write(previous, next, []);

    /// <summary>
    /// Writes the cells of <paramref name="next"/> that differ from <paramref name="previous"/>, scrolling the rows of one
    /// of <paramref name="mayScroll"/> (areas whose content moves up as it grows, such as a log) when that is shorter.
    /// </summary>
    public int Write(CellBuffer? previous, CellBuffer next, IEnumerable<Rect> mayScroll)
    {
        if (previous is null || previous.Width != next.Width || previous.Height != next.Height)
        {
            return FullRedraw(next);
        }

        _best.Begin();
        ChangedTextBytes += _best.Diff(previous, next);
        if (_best.Text.Length > 0)
        {
            // Found first, from the plain diff's changed rows, before a scrolled encoding may take its place.
            var moved = mayScroll.Select(area => area.Intersect(next.Bounds)).Select(area => (area, Lines: LinesMoved(previous, next, area))).ToList();
            foreach (var (area, lines) in moved)
            {
                TryScrolling(previous, next, area, lines);
            }
        }

        return Flush(_best);
    }

    /// <summary>Clears the screen and writes every cell of <paramref name="next"/>: after a resize, and as the benchmark reference.</summary>
    public int FullRedraw(CellBuffer next)
    {
        _best.Begin();
        _best.ClearScreen();
        _best.All(next);
        return Flush(_best);
    }

    /// <summary>How many rows the area's content moved up; 0 without looking where fewer than two of its rows changed, as in most areas of most frames.</summary>
    private int LinesMoved(CellBuffer previous, CellBuffer next, Rect area) =>
        area.IsEmpty || _best.ChangedRows.AsSpan(area.Y, area.Height).Count(true) < 2 ? 0 : ScrollDetector.Find(previous, next, area);

    /// <summary>Encodes the frame as a scroll of the area's rows (full width: terminals scroll whole rows) and a diff against the scrolled screen, kept when shorter.</summary>
    private void TryScrolling(CellBuffer previous, CellBuffer next, Rect area, int lines)
    {
        if (lines == 0)
        {
            return;
        }

        _scrolled ??= new CellBuffer(0, 0);
        _scrolled.CopyFrom(previous);
        _scrolled.ScrollUp(area.Y, area.Bottom, lines);
        _candidate.Begin();
        _candidate.ScrollUp(area.Y, area.Bottom, lines);
        _candidate.Diff(_scrolled, next);
        if (_candidate.Bytes < _best.Bytes)
        {
            (_best, _candidate) = (_candidate, _best);
        }
    }

    private int Flush(FrameText frame)
    {
        if (frame.Text.Length == 0)
        {
            return 0;
        }

        var markers = SynchronizedOutput ? BeginSynchronized.Length + EndSynchronized.Length : 0;
        var count = frame.Bytes + markers;
        if (_bytes.Length < count)
        {
            _bytes = new byte[Math.Max(count, _bytes.Length * 2)];
        }

        var at = 0;
        if (SynchronizedOutput)
        {
            BeginSynchronized.CopyTo(_bytes, 0);
            at = BeginSynchronized.Length;
        }

        // A stateful encoder: a chunk of the builder may end between the two halves of a surrogate pair.
        _utf8.Reset();
        foreach (var chunk in frame.Text.GetChunks())
        {
            at += _utf8.GetBytes(chunk.Span, _bytes.AsSpan(at), flush: false);
        }

        at += _utf8.GetBytes([], _bytes.AsSpan(at), flush: true);

        if (SynchronizedOutput)
        {
            EndSynchronized.CopyTo(_bytes, at);
            at += EndSynchronized.Length;
        }

        // One write per frame so a frame reaches the terminal (and an SSH packet) whole.
        _output.Write(_bytes, 0, at);
        _output.Flush();
        return at;
    }
}
