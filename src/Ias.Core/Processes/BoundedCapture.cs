using System.Buffers;
using System.Globalization;
using System.Text;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>A CliWrap pipe target that keeps the first bytes of a child's output up to a limit, reads the rest to its end without keeping it, and counts what it let go.</summary>
/// <remarks>
/// Reading on past the limit matters: a child whose pipe is no longer read blocks on its next write and never exits, so
/// the caller would wait for the time limit instead of the answer. Only the count of the rest is kept, never its bytes.
/// </remarks>
internal sealed class BoundedCapture : PipeTarget
{
    private const int ReadSize = 64 * 1024;
    private const int FirstSize = 4 * 1024;

    // Invalid bytes become U+FFFD, as CliWrap's own buffered read gives them.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly int _limit;
    private byte[] _kept = [];
    private int _count;

    /// <summary>Keeps at most <paramref name="limit"/> bytes; null keeps everything, for output the caller must read whole.</summary>
    public BoundedCapture(int? limit)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "a capture must keep at least one byte");
        }

        _limit = limit ?? Array.MaxLength;
    }

    /// <summary>The bytes read past the limit and let go.</summary>
    public long Dropped { get; private set; }

    /// <summary>"… (cut: 316 MB more)" when bytes were let go, else null.</summary>
    public string? Cut => Dropped > 0 ? Note(Dropped) : null;

    /// <summary>The words that say <paramref name="dropped"/> bytes of output were not kept.</summary>
    public static string Note(long dropped) => $"… (cut: {Size(dropped)} more)";

    /// <summary>A size as a person reads it: bytes, KB, MB or GB (of 1,024).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes"),
        < 1024 * 1024 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
    };

    /// <summary>What was kept, byte for byte.</summary>
    public byte[] Bytes() => _kept.AsSpan(0, _count).ToArray();

    /// <summary>What was kept as text, followed by <see cref="Cut"/> on a line of its own when something was let go.</summary>
    public string Text()
    {
        var kept = _kept.AsSpan(0, _count);
        if (kept.StartsWith(Utf8.Preamble))
        {
            kept = kept[Utf8.Preamble.Length..];
        }

        if (Cut is not { } cut)
        {
            return Utf8.GetString(kept);
        }

        var text = Utf8.GetString(kept[..WholeCharacters(kept)]);
        return text.Length == 0 || text.EndsWith('\n') ? $"{text}{cut}\n" : $"{text}\n{cut}\n";
    }

    public override async Task CopyFromAsync(Stream origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await origin.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Keep(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        var room = _limit - _count;
        var taken = Math.Min(room, data.Length);
        if (taken > 0)
        {
            Grow(_count + taken);
            data[..taken].CopyTo(_kept.AsSpan(_count));
            _count += taken;
        }

        Dropped += data.Length - taken;
    }

    private void Grow(int needed)
    {
        if (needed <= _kept.Length)
        {
            return;
        }

        var size = (int)Math.Min(_limit, Math.Max(needed, Math.Max(FirstSize, 2L * _kept.Length)));
        Array.Resize(ref _kept, size);
    }

    // A cut can fall inside a character: its first bytes alone would read as U+FFFD, so they are left out.
    private static int WholeCharacters(ReadOnlySpan<byte> kept)
    {
        var start = kept.Length;
        while (start > 0 && kept.Length - start < 4 && (kept[start - 1] & 0xC0) == 0x80)
        {
            start--;
        }

        if (start == 0 || kept[start - 1] < 0x80)
        {
            return kept.Length;
        }

        var lead = kept[start - 1];
        var length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return kept.Length - (start - 1) >= length ? kept.Length : start - 1;
    }
}
