using System.Globalization;
using System.Text;

namespace Ias.Core.Config;

/// <summary>A size limit on one kind of input file, checked from the file's length before any of it is read.</summary>
/// <param name="What">The kind of file, as the refusal names it: "prompt file".</param>
/// <param name="MaxBytes">The largest file read.</param>
/// <param name="Remedy">What to do with a file over the limit, the end of the refusal.</param>
public sealed record InputLimit(string What, long MaxBytes, string Remedy)
{
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// The file's text (UTF-8 unless a byte-order mark says otherwise), read only when it is within the limit; otherwise
    /// <paramref name="refuse"/> turns the one-line refusal naming <paramref name="shown"/>, its size and the limit into the exception thrown.
    /// </summary>
    public string ReadText(string path, string shown, Func<string, Exception> refuse)
    {
        using var stream = Open(path, shown, refuse);
        var bytes = new MemoryStream();
        var buffer = new byte[Chunk];
        int read;
        while (bytes.Length <= MaxBytes && (read = stream.Read(buffer, 0, NextRead(bytes))) > 0)
        {
            bytes.Write(buffer, 0, read);
        }

        return Decode(bytes, shown, refuse);
    }

    /// <summary>"prompt file big.md is 67 MB, over the 1 MB limit; …": the refusal for a file of <paramref name="length"/> bytes (null: more than the limit).</summary>
    private string Refusal(string shown, long? length)
    {
        var size = length is not { } n ? $"more than {Size(MaxBytes)}"
            : Size(n) == Size(MaxBytes) ? string.Create(CultureInfo.InvariantCulture, $"{n:N0} bytes")
            : Size(n);
        return $"{What} {shown} is {size}, over the {Size(MaxBytes)} limit; {Remedy}";
    }

    /// <summary>A byte count as people say it: 67 MB, 200 KB, 512 bytes (1 KB is 1,024 bytes).</summary>
    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private FileStream Open(string path, string shown, Func<string, Exception> refuse)
    {
        ArgumentNullException.ThrowIfNull(refuse);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        if (stream.CanSeek && stream.Length > MaxBytes)
        {
            var length = stream.Length;
            stream.Dispose();
            throw refuse(Refusal(shown, length));
        }

        return stream;
    }

    // A pipe or a device has no length, and a file may grow after its length was read: reading stops one byte past the limit.
    private int NextRead(MemoryStream bytes) => (int)Math.Min(Chunk, MaxBytes + 1 - bytes.Length);

    private string Decode(MemoryStream bytes, string shown, Func<string, Exception> refuse)
    {
        if (bytes.Length > MaxBytes)
        {
            throw refuse(Refusal(shown, length: null));
        }

        bytes.Position = 0;
        using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
