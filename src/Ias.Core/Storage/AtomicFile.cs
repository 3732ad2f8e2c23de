using System.Text;

namespace Ias.Core.Storage;

/// <summary>Replaces a file so readers see the old or the new content, never a mix (write a temp file, rename it over, verify).</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes UTF-8 text to a temp file beside <paramref name="path"/>, flushes it to disk, renames it over the target and reads
    /// it back. The file ends with <paramref name="mode"/>: ias's own state is for its owner alone (0600) unless told otherwise.
    /// </summary>
    public static void Write(string path, string contents, UnixFileMode mode = OwnerOnly.PrivateMode) =>
        Write(path, contents, mode, durable: true);

    /// <summary>
    /// As <see cref="Write(string, string, UnixFileMode)"/>, without waiting for the disk when <paramref name="durable"/> is
    /// false: for a copy of what the database already keeps, where the rename still shows readers a whole file.
    /// </summary>
    public static void Write(string path, string contents, UnixFileMode mode, bool durable)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var bytes = Utf8NoBom.GetBytes(contents);
        // Same directory, so the rename never crosses a filesystem and stays atomic.
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = OwnerOnly.Open(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, mode))
            {
                InjectedDiskFull(full, stream, bytes);
                stream.Write(bytes);
                // Without this a power cut after the rename can leave an empty file under the final name.
                stream.Flush(flushToDisk: durable);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            // Renamed, the temp file is gone: only a write that failed before leaves it behind.
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw;
        }

        if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes))
        {
            throw new IOException($"{path}: the content read back differs from what was written; check the disk and whether another program writes this file");
        }
    }

    // A full disk on demand (see FaultInjection): replacing the named file fails half-way through the temp file, as ENOSPC
    // would. Creating it still works, so a run gets as far as its second save.
    private static void InjectedDiskFull(string target, FileStream temp, byte[] bytes)
    {
        if (FaultInjection.DiskFull(target) && File.Exists(target))
        {
            temp.Write(bytes.AsSpan(0, bytes.Length / 2));
            temp.Flush();
            throw FaultInjection.NoSpaceLeft(temp.Name);
        }
    }
}
