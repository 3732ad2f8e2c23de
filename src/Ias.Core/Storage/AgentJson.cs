using System.Text;
using System.Text.Json;

namespace Ias.Core.Storage;

/// <summary>
/// JSON an agent wrote (a line of its stream, a file, a fenced block of its final message), read so that taking any of its
/// strings cannot throw: an escape of half a surrogate pair (JSON.stringify writes one for a string cut mid-character),
/// which System.Text.Json refuses to read as a string, is made \ufffd first, the replacement character a bad UTF-8 byte reads as.
/// </summary>
public static class AgentJson
{
    /// <summary>The document <paramref name="json"/> holds, its half pairs made \ufffd.</summary>
    public static JsonDocument Parse(string json, JsonDocumentOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return JsonDocument.Parse(json, options);
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        return JsonDocument.Parse(WithoutHalfPairs(utf8) ?? utf8, options);
    }

    /// <summary>The document the UTF-8 <paramref name="utf8"/> holds, its half pairs made \ufffd.</summary>
    public static JsonDocument Parse(byte[] utf8, JsonDocumentOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return JsonDocument.Parse(WithoutHalfPairs(utf8) ?? utf8, options);
    }

    /// <summary>A copy of <paramref name="line"/> with each half pair's escape made \ufffd (the same six bytes long); null when it holds none.</summary>
    public static byte[]? WithoutHalfPairs(ReadOnlySpan<byte> line)
    {
        byte[]? copy = null;
        var i = line.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < line.Length)
        {
            if (Unit(line, i) is not { } unit)
            {
                // Any other escape, \\ among them, is two bytes: what follows it is text.
                i += 2;
            }
            else if (char.IsHighSurrogate(unit) && Unit(line, i + 6) is { } low && char.IsLowSurrogate(low))
            {
                i += 12;
            }
            else
            {
                if (char.IsSurrogate(unit))
                {
                    copy ??= line.ToArray();
                    "fffd"u8.CopyTo(copy.AsSpan(i + 2));
                }

                i += 6;
            }

            var next = i < line.Length ? line[i..].IndexOf((byte)'\\') : -1;
            i = next < 0 ? -1 : i + next;
        }

        return copy;
    }

    /// <summary>The UTF-16 unit of the \uXXXX escape at <paramref name="at"/>; null when none stands there.</summary>
    private static char? Unit(ReadOnlySpan<byte> line, int at)
    {
        if (at + 6 > line.Length || line[at] != '\\' || line[at + 1] != 'u')
        {
            return null;
        }

        var unit = 0;
        foreach (var b in line.Slice(at + 2, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            unit = (unit * 16) + digit;
        }

        return (char)unit;
    }
}
