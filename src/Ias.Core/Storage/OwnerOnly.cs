using System.Text;

namespace Ias.Core.Storage;

/// <summary>
/// Creates ias's own folders (0700) and files (0600) for their owner alone, whatever the umask: run state, prompts and
/// job logs hold what the user gave an agent and what it printed. Every folder and file ias makes under `.run/`, in the
/// queue's runner folders and in the job folders is made here (SQLite's WAL files take the mode of the database made here).
/// </summary>
public static class OwnerOnly
{
    /// <summary>rwx------.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw-------.</summary>
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rw-rw-rw- less the umask: what any program's new file gets, for files in the user's work tree.</summary>
    public const UnixFileMode OrdinaryMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates <paramref name="path"/> and every missing folder above it with mode 0700 (umask aside).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; the missing ones above it
        // would get the umask's. Each missing folder is made in turn, from the top.
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
            if (Path.GetDirectoryName(dir) is null)
            {
                break;
            }
        }

        while (missing.TryPop(out var dir))
        {
            Directory.CreateDirectory(dir, FolderMode);
        }
    }

    /// <summary>Creates the folder, and takes group and other access away from it if it existed with them (made by an older ias).</summary>
    public static void CreateFolderTight(string path)
    {
        CreateFolder(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, FolderMode);
        }
    }

    /// <summary>A stream on <paramref name="path"/>; a file it creates gets <paramref name="unixMode"/> (0600 unless told), whatever the umask.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, UnixFileMode unixMode = PrivateMode, bool async = false)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = access,
            Share = share,
            Options = async ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows() && mode is not (FileMode.Open or FileMode.Truncate))
        {
            options.UnixCreateMode = unixMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>A UTF-8 writer that replaces <paramref name="path"/>, created 0600.</summary>
    public static StreamWriter CreateText(string path, FileShare share = FileShare.Read) =>
        new(Open(path, FileMode.Create, FileAccess.Write, share), Utf8NoBom);

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/>, created 0600.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var stream = Open(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        stream.Write(Utf8NoBom.GetBytes(text));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/>, created 0600.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken ct = default)
    {
        await using var stream = Open(path, FileMode.Create, FileAccess.Write, FileShare.Read, async: true);
        await stream.WriteAsync(Utf8NoBom.GetBytes(text), ct);
    }

    /// <summary>Appends <paramref name="line"/> to <paramref name="path"/> in one write, so lines of two writers never mix; a new file is 0600.</summary>
    public static void AppendLine(string path, string line)
    {
        using var stream = Open(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Utf8NoBom.GetBytes(line + "\n"));
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty with mode 0600 if it does not exist, so a program that opens it later (SQLite,
    /// a shell's `>>`) keeps that mode. An existing file is never opened: closing any descriptor of a database file drops
    /// every POSIX lock this process's SQLite connections hold on it.
    /// </summary>
    public static void Touch(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using var _ = Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first; its mode is its maker's.
        }
    }
}
