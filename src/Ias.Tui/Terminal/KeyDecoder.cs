using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Ias.Tui.Terminal;

/// <summary>Turns bytes read from a raw-mode terminal into key presses; keeps an incomplete sequence until more bytes or Idle.</summary>
public sealed class KeyDecoder
{
    private const byte Esc = 0x1b;

    // An unfinished sequence longer than this is garbage, not a key still arriving.
    private const int MaxPending = 64;

    private readonly List<byte> _pending = [];

    /// <summary>True while bytes wait for the rest of a sequence (a lone ESC may still become Alt or an arrow).</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Decodes <paramref name="bytes"/> after any pending ones; returns the keys completed.</summary>
    public IReadOnlyList<KeyPress> Feed(ReadOnlySpan<byte> bytes)
    {
        _pending.AddRange(bytes);
        var keys = new List<KeyPress>();
        var span = CollectionsMarshal.AsSpan(_pending);
        var start = 0;
        while (start < span.Length)
        {
            var used = Decode(span[start..], keys);
            if (used == 0)
            {
                break;
            }

            start += used;
        }

        _pending.RemoveRange(0, start);
        if (_pending.Count > MaxPending)
        {
            _pending.Clear();
        }

        return keys;
    }

    /// <summary>Says no more bytes are coming soon: a pending lone ESC is the Esc key, ESC [ and ESC O are Alt+[ and Alt+O, anything else pending is dropped.</summary>
    public IReadOnlyList<KeyPress> Idle()
    {
        KeyPress? key = _pending switch
        {
            [Esc] => KeyPress.Of(Key.Escape),
            [Esc, (byte)'['] => KeyPress.Character('[', KeyModifiers.Alt),
            [Esc, (byte)'O'] => KeyPress.Character('O', KeyModifiers.Alt),
            _ => null,
        };
        _pending.Clear();
        return key is { } k ? [k] : [];
    }

    // Returns how many bytes were used (a key may or may not come of them); 0 when the sequence is not complete yet.
    private static int Decode(ReadOnlySpan<byte> bytes, List<KeyPress> keys)
    {
        if (bytes[0] != Esc)
        {
            return DecodePlain(bytes, keys, KeyModifiers.None);
        }

        if (bytes.Length == 1)
        {
            return 0;
        }

        switch (bytes[1])
        {
            case (byte)'[':
                return DecodeCsi(bytes, keys);
            case (byte)'O':
                return DecodeSs3(bytes, keys);
            case Esc:
                keys.Add(KeyPress.Of(Key.Escape));
                return 1;
            default:
                var used = DecodePlain(bytes[1..], keys, KeyModifiers.Alt);
                return used == 0 ? 0 : used + 1;
        }
    }

    private static int DecodePlain(ReadOnlySpan<byte> bytes, List<KeyPress> keys, KeyModifiers modifiers)
    {
        var b = bytes[0];
        KeyPress? key = b switch
        {
            (byte)'\r' or (byte)'\n' => KeyPress.Of(Key.Enter, modifiers),
            (byte)'\t' => KeyPress.Of(Key.Tab, modifiers),
            0x7f or 0x08 => KeyPress.Of(Key.Backspace, modifiers),
            0x00 => KeyPress.Character(' ', modifiers | KeyModifiers.Control),
            <= 0x1a => KeyPress.Character((char)('a' + b - 1), modifiers | KeyModifiers.Control),
            Esc => KeyPress.Of(Key.Escape, modifiers),
            < 0x20 => KeyPress.Character("\\]^_"[b - 0x1c], modifiers | KeyModifiers.Control),
            < 0x80 => KeyPress.Character((char)b, modifiers),
            _ => null,
        };
        if (key is { } k)
        {
            keys.Add(k);
            return 1;
        }

        switch (Rune.DecodeFromUtf8(bytes, out var rune, out var used))
        {
            case OperationStatus.NeedMoreData:
                return 0;
            case OperationStatus.Done when !Rune.IsControl(rune):
                keys.Add(KeyPress.Character(rune, modifiers));
                return used;
            default:
                return Math.Max(used, 1);
        }
    }

    private static int DecodeCsi(ReadOnlySpan<byte> bytes, List<KeyPress> keys)
    {
        if (bytes.Length == 2)
        {
            return 0;
        }

        if (bytes[2] == '[')
        {
            // The Linux console sends F1–F5 as ESC [ [ A … ESC [ [ E.
            if (bytes.Length == 3)
            {
                return 0;
            }

            if (bytes[3] is >= (byte)'A' and <= (byte)'E')
            {
                keys.Add(KeyPress.Of(Key.F1 + (bytes[3] - 'A')));
                return 4;
            }

            return 3;
        }

        var end = 2;
        while (end < bytes.Length && bytes[end] is >= 0x30 and <= 0x3f)
        {
            end++;
        }

        var parameters = bytes[2..end];
        while (end < bytes.Length && bytes[end] is >= 0x20 and <= 0x2f)
        {
            end++;
        }

        if (end == bytes.Length)
        {
            return 0;
        }

        var final = bytes[end];
        if (final is < 0x40 or > 0x7e)
        {
            // Not a sequence after all: drop what was read and decode the odd byte on its own.
            return end;
        }

        if (end == 2 + parameters.Length && MapCsi(parameters, (char)final) is { } key)
        {
            keys.Add(key);
        }

        return end + 1;
    }

    private static KeyPress? MapCsi(ReadOnlySpan<byte> parameters, char final)
    {
        // Only plain "n;m" parameters are keys; '<', '?', '>' and ':' start mouse and report sequences, never enabled here.
        Span<int> values = [-1, -1];
        var index = 0;
        foreach (var b in parameters)
        {
            if (b == ';')
            {
                index++;
                continue;
            }

            if (b is < (byte)'0' or > (byte)'9' || index > 1)
            {
                return null;
            }

            values[index] = Math.Min((Math.Max(values[index], 0) * 10) + (b - '0'), 1000);
        }

        var first = values[0] < 0 ? 1 : values[0];
        var modifier = values[1] < 0 ? 1 : values[1];
        var modifiers = FromXterm(modifier);
        Key? key = final switch
        {
            'Z' => Key.Tab,
            '~' => first switch
            {
                1 or 7 => Key.Home,
                2 => Key.Insert,
                3 => Key.Delete,
                4 or 8 => Key.End,
                5 => Key.PageUp,
                6 => Key.PageDown,
                >= 11 and <= 15 => Key.F1 + (first - 11),
                >= 17 and <= 21 => Key.F6 + (first - 17),
                23 => Key.F11,
                24 => Key.F12,
                _ => null,
            },
            _ => Letter(final),
        };
        if (final == 'Z')
        {
            modifiers |= KeyModifiers.Shift;
        }

        return key is { } k ? KeyPress.Of(k, modifiers) : null;
    }

    private static int DecodeSs3(ReadOnlySpan<byte> bytes, List<KeyPress> keys)
    {
        if (bytes.Length == 2)
        {
            return 0;
        }

        if (bytes[2] is < 0x40 or > 0x7e)
        {
            keys.Add(KeyPress.Character('O', KeyModifiers.Alt));
            return 2;
        }

        // Application cursor mode (ESC O A) is what a terminal sends after .NET's console set keypad-transmit mode.
        var key = bytes[2] == 'M' ? Key.Enter : Letter((char)bytes[2]);
        if (key is { } k)
        {
            keys.Add(KeyPress.Of(k));
        }

        return 3;
    }

    // The letters that end a cursor or F1–F4 key both as CSI (ESC [ 1;5 A) and as SS3 (ESC O A, application mode).
    private static Key? Letter(char final) => final switch
    {
        'A' => Key.Up,
        'B' => Key.Down,
        'C' => Key.Right,
        'D' => Key.Left,
        'H' => Key.Home,
        'F' => Key.End,
        'P' => Key.F1,
        'Q' => Key.F2,
        'R' => Key.F3,
        'S' => Key.F4,
        _ => null,
    };

    // xterm encodes modifiers as 1 + a bit mask: 1 shift, 2 alt, 4 control, 8 meta (treated as alt).
    private static KeyModifiers FromXterm(int parameter)
    {
        var mask = Math.Max(parameter - 1, 0);
        var modifiers = KeyModifiers.None;
        if ((mask & 1) != 0)
        {
            modifiers |= KeyModifiers.Shift;
        }

        if ((mask & (2 | 8)) != 0)
        {
            modifiers |= KeyModifiers.Alt;
        }

        if ((mask & 4) != 0)
        {
            modifiers |= KeyModifiers.Control;
        }

        return modifiers;
    }
}
