using System.Globalization;
using System.IO.Enumeration;
using Ias.Core.Storage;

namespace Ias.Core.Processes;

/// <summary>Reads whole /proc files with plain open(2) and read(2): no exception for a process that is gone or a kernel thread, no advisory lock.</summary>
/// <remarks>A scan of /proc meets dozens of kernel threads, whose files cannot be opened; an exception for each costs more than the read itself.</remarks>
internal static class ProcFile
{
    /// <summary>The pids /proc lists now.</summary>
    public static FileSystemEnumerable<int> Pids() =>
        new("/proc", (ref entry) => int.Parse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture), new EnumerationOptions { AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref entry) => entry.IsDirectory && entry.FileName.Length > 0 && !entry.FileName.ContainsAnyExceptInRange('0', '9'),
        };

    /// <summary>Reads <paramref name="path"/> into <paramref name="buffer"/>, grown as needed; its length, or -1 when it cannot be read.</summary>
    public static int ReadAll(string path, ref byte[] buffer)
    {
        var fd = Libc.Open(path, Libc.ReadOnly | Libc.CloseOnExec);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = (int)Libc.Read(fd, ref buffer[total], buffer.Length - total);
                if (read < 0)
                {
                    return -1;
                }

                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
