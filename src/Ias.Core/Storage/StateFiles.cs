using System.Security.Cryptography;
using System.Text;

namespace Ias.Core.Storage;

/// <summary>
/// The JSON mirror of the run under `.run/`, for people and the original Run Mode tools; ias.db is the
/// source of truth. Each feature names its own files and their format; this type keeps the rule they are all written by.
/// </summary>
/// <remarks>
/// Ownership rule, so an edit is never lost: a write replaces a file only if it is missing or still holds exactly
/// what this instance last wrote or adopted. Otherwise it throws <see cref="StateFileException"/> and leaves the file
/// untouched: "not valid JSON" / "missing field" / "must be" if the content does not parse as the schema, "was changed
/// outside ias" if it parses. A new instance owns nothing until <see cref="Adopt"/>, which a process calls once when
/// it takes over a run (start or resume) and which refuses corrupt files.
/// </remarks>
public sealed class StateFiles
{
    /// <summary>What to do about a state file that does not read.</summary>
    internal const string FixHint = "fix or move it aside, then run ias run-resume";

    private readonly RunPaths _paths;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _owned = new(StringComparer.Ordinal);

    public StateFiles(RunPaths paths)
    {
        _paths = paths;
    }

    public RunPaths Paths => _paths;

    /// <summary>
    /// Appends one line to a log under `.run/` and flushes it to disk; a hand-edited log may lack its final newline, and
    /// two entries are never glued together.
    /// </summary>
    internal void AppendLine(string path, string line)
    {
        lock (_gate)
        {
            try
            {
                OwnerOnly.CreateFolder(_paths.RunDir);
                using var stream = OwnerOnly.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                var needsBreak = false;
                if (stream.Length > 0)
                {
                    stream.Seek(-1, SeekOrigin.End);
                    needsBreak = stream.ReadByte() != '\n';
                }

                stream.Seek(0, SeekOrigin.End);
                stream.Write(Encoding.UTF8.GetBytes(needsBreak ? "\n" + line : line));
                stream.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (DiskFaults.Explain(ex, path, _paths.Display(path), _paths.RunDir) is { } fault)
                {
                    throw fault;
                }

                throw;
            }
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> if this instance owns it (see the remarks); <paramref name="parse"/> reads the format.</summary>
    internal void Write<T>(string path, string contents, Func<FieldReader, T> parse)
    {
        var bytes = Encoding.UTF8.GetBytes(contents);
        var display = _paths.Display(path);
        lock (_gate)
        {
            if (Guard(path, display, parse) is { } onDisk && onDisk.AsSpan().SequenceEqual(bytes))
            {
                // Already there, and ours: rewriting it would only cost a rename and wake every reader for nothing.
                return;
            }

            try
            {
                OwnerOnly.CreateFolder(_paths.RunDir);

                // ias.db holds this durably; the mirror is not flushed to disk. The rename still shows a reader a whole file,
                // and a power cut at worst leaves the previous version, which the next save of the run writes over.
                AtomicFile.Write(path, contents, OwnerOnly.PrivateMode, durable: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw DiskFaults.Explain(ex, path, display, _paths.RunDir)
                    ?? new StateFileException(path, $"{display}: could not write ({ex.Message}); check disk space and permissions, then run ias run-resume", ex);
            }

            _owned[path] = SHA256.HashData(bytes);
        }
    }

    // The check and the rename are not one atomic step; an edit landing in that instant is lost. People do not
    // edit that fast, and the window is one small file write. Returns the file's bytes when it is there and ours.
    private byte[]? Guard<T>(string path, string display, Func<FieldReader, T> parse)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var onDisk = File.ReadAllBytes(path);
        if (_owned.TryGetValue(path, out var hash) && SHA256.HashData(onDisk).AsSpan().SequenceEqual(hash))
        {
            return onDisk;
        }

        Parse(path, display, onDisk, parse);
        throw new StateFileException(
            path,
            _owned.ContainsKey(path)
                ? $"{display} was changed outside ias since ias last wrote it, and ias will not overwrite it; move it aside to keep your copy, then run ias run-resume to rewrite it from .run/ias.db"
                : $"{display} already exists and this ias process has not taken it over, so ias will not overwrite it; move it aside, or run ias run-resume to continue the run it belongs to");
    }

    /// <summary>Takes <paramref name="path"/> as it is now as this instance's own; throws if it exists and is corrupt.</summary>
    internal void Adopt<T>(string path, Func<FieldReader, T> parse)
    {
        lock (_gate)
        {
            if (!File.Exists(path))
            {
                _owned.Remove(path);
                return;
            }

            var onDisk = File.ReadAllBytes(path);
            Parse(path, _paths.Display(path), onDisk, parse);
            _owned[path] = SHA256.HashData(onDisk);
        }
    }

    /// <summary>The file as <paramref name="parse"/> reads it, or null if there is none; a corrupt file throws <see cref="StateFileException"/>.</summary>
    internal T? Read<T>(string path, Func<FieldReader, T> parse) where T : class
    {
        byte[] onDisk;
        try
        {
            onDisk = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(path, _paths.Display(path), onDisk, parse);
    }

    private static T Parse<T>(string path, string display, byte[] onDisk, Func<FieldReader, T> parse)
    {
        try
        {
            using var doc = JsonText.Parse(onDisk);
            return parse(FieldReader.Root(doc.RootElement));
        }
        catch (SchemaException ex)
        {
            throw new StateFileException(path, $"{display}: {ex.Message}; {FixHint}", ex);
        }
    }
}
