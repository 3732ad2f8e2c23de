using System.Globalization;
using System.Text;
using Spectre.Console.Rendering;

namespace Ias.Tui.Tests.Terminal;

/// <summary>
/// A small model of an xterm-like terminal with line wrap off, for exactly the sequences FrameWriter may send: CUP,
/// CUU/CUD/CUF/CUB, CR, LF, DECSTBM, SU, SGR, ED 2 and the synchronized-output markers. Anything else fails the test, and
/// so does printing while the cursor waits at the last column, since terminals differ there.
/// </summary>
internal sealed class VirtualTerminal
{
    private readonly (string Text, string Pen)[] _cells;
    private readonly bool _lineFeedReturns;
    private int _x;
    private int _y;
    private bool _pendingWrap;
    private int _top;
    private int _bottom;
    private Pen _pen = Pen.Plain;

    /// <summary>A terminal of the given size; with <paramref name="lineFeedReturns"/> a line feed also returns to column 1, as a tty with onlcr makes it.</summary>
    public VirtualTerminal(int width, int height, bool lineFeedReturns = false)
    {
        (Width, Height, _lineFeedReturns) = (width, height, lineFeedReturns);
        _cells = new (string, string)[width * height];
        Array.Fill(_cells, (" ", Pen.Plain.ToString()));
        _bottom = height - 1;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The operating system commands received (a notification's text, a title), without ESC ] and the end.</summary>
    public List<string> Commands { get; } = [];

    /// <summary>How many bells rang.</summary>
    public int Bells { get; private set; }

    /// <summary>The screen's rows as text, trailing blanks cut, as tmux's capture-pane gives them.</summary>
    public string Text => string.Join('\n', Enumerable.Range(0, Height).Select(y => string.Concat(Enumerable.Range(0, Width).Select(x => TextAt(x, y))).TrimEnd()));

    /// <summary>The text of the cell at (x, y): a grapheme, or empty for the right half of a wide one.</summary>
    public string TextAt(int x, int y) => _cells[(y * Width) + x].Text;

    /// <summary>The attributes the cell at (x, y) was drawn with, written out canonically.</summary>
    public string PenAt(int x, int y) => _cells[(y * Width) + x].Pen;

    public void Feed(byte[] bytes) => Feed(Encoding.UTF8.GetString(bytes));

    public void Feed(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\e')
            {
                i = Escape(text, i);
            }
            else if (c == '\a')
            {
                (Bells, i) = (Bells + 1, i + 1);
            }
            else if (c == '\r')
            {
                (_x, _pendingWrap, i) = (0, false, i + 1);
            }
            else if (c == '\n')
            {
                LineFeed();
                i++;
            }
            else
            {
                var length = StringInfo.GetNextTextElementLength(text, i);
                Print(text.Substring(i, length));
                i += length;
            }
        }
    }

    private int Escape(string text, int start)
    {
        if (start + 1 < text.Length && text[start + 1] == ']')
        {
            // An operating system command (a notification, a title), ended by BEL or ST: kept, drawn nowhere.
            var bel = text.IndexOf('\a', start);
            var st = text.IndexOf("\e\\", start, StringComparison.Ordinal);
            var ends = bel < 0 ? st : st < 0 ? bel : Math.Min(bel, st);
            if (ends < 0)
            {
                throw new InvalidOperationException($"unended operating system command at {start}: {Show(text, start)}");
            }

            Commands.Add(text[(start + 2)..ends]);
            return ends + (ends == st ? 2 : 1);
        }

        if (start + 1 >= text.Length || text[start + 1] != '[')
        {
            throw new InvalidOperationException($"unexpected escape at {start}: {Show(text, start)}");
        }

        var end = start + 2;
        while (end < text.Length && text[end] is >= '0' and <= '9' or ';' or '?')
        {
            end++;
        }

        var parameters = text[(start + 2)..end];
        Csi(parameters, text[end], Show(text, start));
        return end + 1;
    }

    private void Csi(string parameters, char final, string where)
    {
        if (parameters.StartsWith('?'))
        {
            // Synchronized output, and the modes a session sets and puts back: the alternate screen, the cursor, line wrap.
            if (parameters is not ("?2026" or "?1049" or "?25" or "?7") || final is not ('h' or 'l'))
            {
                throw new InvalidOperationException($"unexpected private mode {where}");
            }

            if (parameters == "?1049")
            {
                Array.Fill(_cells, (" ", Pen.Plain.ToString()));
            }

            return;
        }

        var n = parameters.Split(';').Select(p => p.Length == 0 ? 0 : int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        int At(int index) => index < n.Length && n[index] > 0 ? n[index] : 1;
        _pendingWrap = false;
        switch (final)
        {
            case 'H': (_y, _x) = (Math.Min(At(0), Height) - 1, Math.Min(At(1), Width) - 1); break;
            case 'A': _y = Math.Max(_y >= _top ? _top : 0, _y - At(0)); break;
            case 'B': _y = Math.Min(_y <= _bottom ? _bottom : Height - 1, _y + At(0)); break;
            case 'C': _x = Math.Min(Width - 1, _x + At(0)); break;
            case 'D': _x = Math.Max(0, _x - At(0)); break;
            case 'r': (_top, _bottom, _x, _y) = (At(0) - 1, (n.Length > 1 && n[1] > 0 ? n[1] : Height) - 1, 0, 0); break;
            case 'S': for (var k = 0; k < At(0); k++) { ScrollUp(); } break;
            case 'J' when parameters == "2": Array.Fill(_cells, (" ", _pen.Blank().ToString())); break;
            case 'm': _pen = _pen.With(n.Length == 0 ? [0] : n); break;
            default: throw new InvalidOperationException($"unexpected sequence {where}");
        }
    }

    private void LineFeed()
    {
        _pendingWrap = false;
        _x = _lineFeedReturns ? 0 : _x;
        if (_y == _bottom)
        {
            ScrollUp();
        }
        else if (_y < Height - 1)
        {
            _y++;
        }
    }

    /// <summary>Moves the scroll region's rows up one; the row that comes in is blank in the pen's background, as terminals do.</summary>
    private void ScrollUp()
    {
        Array.Copy(_cells, (_top + 1) * Width, _cells, _top * Width, (_bottom - _top) * Width);
        Array.Fill(_cells, (" ", _pen.Blank().ToString()), _bottom * Width, Width);
    }

    private void Print(string grapheme)
    {
        if (_pendingWrap)
        {
            throw new InvalidOperationException($"\"{grapheme}\" printed while the cursor waits at the last column of row {_y + 1}; terminals differ there");
        }

        var width = Math.Clamp(new Segment(grapheme).CellCount(), 1, 2);
        if (_x + width > Width)
        {
            throw new InvalidOperationException($"wide \"{grapheme}\" printed in the last column of row {_y + 1}");
        }

        // Half of a wide character cannot stay: overwriting either half blanks the other, as xterm and tmux do.
        Unhalve(_x);
        Unhalve(_x + width - 1);
        var pen = _pen.ToString();
        _cells[(_y * Width) + _x] = (grapheme, pen);
        if (width == 2)
        {
            _cells[(_y * Width) + _x + 1] = (string.Empty, pen);
        }

        _x += width;
        if (_x >= Width)
        {
            (_x, _pendingWrap) = (Width - 1, true);
        }
    }

    private void Unhalve(int x)
    {
        var row = _y * Width;
        if (_cells[row + x].Text.Length == 0 && x > 0)
        {
            _cells[row + x - 1] = (" ", _cells[row + x - 1].Pen);
        }

        if (x + 1 < Width && _cells[row + x + 1].Text.Length == 0)
        {
            _cells[row + x + 1] = (" ", _cells[row + x + 1].Pen);
        }
    }

    private static string Show(string text, int at) => text.Substring(at, Math.Min(16, text.Length - at)).Replace("\e", "ESC");

    /// <summary>SGR state: decorations by code, and the foreground and background as the parameters that set them.</summary>
    private sealed record Pen(int Decorations, string Foreground, string Background)
    {
        public static Pen Plain { get; } = new(0, "", "");

        public Pen Blank() => Plain with { Background = Background };

        public Pen With(int[] n)
        {
            var pen = this;
            for (var i = 0; i < n.Length; i++)
            {
                pen = n[i] switch
                {
                    0 => Plain,
                    >= 1 and <= 9 => pen with { Decorations = pen.Decorations | (1 << n[i]) },
                    (>= 30 and <= 37) or (>= 90 and <= 97) => pen with { Foreground = n[i].ToString(CultureInfo.InvariantCulture) },
                    (>= 40 and <= 47) or (>= 100 and <= 107) => pen with { Background = n[i].ToString(CultureInfo.InvariantCulture) },
                    38 => pen with { Foreground = Extended(n, ref i) },
                    48 => pen with { Background = Extended(n, ref i) },
                    _ => throw new InvalidOperationException($"unexpected SGR parameter {n[i]}"),
                };
            }

            return pen;
        }

        private static string Extended(int[] n, ref int i)
        {
            var count = n[i + 1] == 5 ? 2 : 4;
            var text = string.Join(':', n[(i + 1)..(i + 1 + count)]);
            i += count;
            return text;
        }
    }
}
