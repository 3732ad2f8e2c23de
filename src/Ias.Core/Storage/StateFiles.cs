using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ias.Core.Cycles;
using Ias.Core.Safety;

namespace Ias.Core.Storage;

/// <summary>
/// The JSON mirror of the run under `.run/` (004 "State Management"): state.json, circuit-breaker.json,
/// rate-limit.json and deleted-files.log. ias.db is the source of truth; these files are for people and the original tools.
/// </summary>
/// <remarks>
/// Ownership rule, so an edit is never lost: a Write* replaces a file only if it is missing or still holds exactly
/// what this instance last wrote or adopted. Otherwise it throws <see cref="StateFileException"/> and leaves the file
/// untouched: "not valid JSON" / "missing field" / "must be" if the content does not parse as the schema, "was changed
/// outside ias" if it parses. A new instance owns nothing until <see cref="Adopt"/>, which a process calls once when
/// it takes over a run (start or resume) and which refuses corrupt files.
/// </remarks>
public sealed class StateFiles
{
    private const string FixHint = "fix or move it aside, then run ias run-resume";

    private readonly RunPaths _paths;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _owned = new(StringComparer.Ordinal);

    public StateFiles(RunPaths paths)
    {
        _paths = paths;
    }

    /// <summary>Takes the three JSON files as they are now as this instance's own; throws if one exists and is corrupt.</summary>
    public void Adopt()
    {
        lock (_gate)
        {
            Adopt(_paths.State, StateJson.Parse);
            Adopt(_paths.CircuitBreaker, BreakerJson.Parse);
            Adopt(_paths.RateLimit, RateLimitJson.Parse);
        }
    }

    public void WriteState(RunSnapshot run) => Write(_paths.State, StateJson.Render(run), StateJson.Parse);

    public void WriteBreaker(BreakerSnapshot breaker) => Write(_paths.CircuitBreaker, BreakerJson.Render(breaker), BreakerJson.Parse);

    public void WriteRateLimit(RateLimitSnapshot rateLimit) => Write(_paths.RateLimit, RateLimitJson.Render(rateLimit), RateLimitJson.Parse);

    /// <summary>The run as state.json shows it, or null if there is no file.</summary>
    public RunSnapshot? ReadState() => Read(_paths.State, StateJson.Parse);

    public BreakerSnapshot? ReadBreaker() => Read(_paths.CircuitBreaker, BreakerJson.Parse);

    public RateLimitSnapshot? ReadRateLimit() => Read(_paths.RateLimit, RateLimitJson.Parse);

    /// <summary>Appends `path|sprint|cycle-N` (004 "Deleted Files Tracking"), e.g. `src/old.ts|sprint-1|cycle-3`.</summary>
    public void AppendDeleted(string path, string sprint, int cycle)
    {
        if (path.Length == 0 || path.AsSpan().IndexOfAny("|\r\n") >= 0)
        {
            throw new ArgumentException($"deleted file path \"{path}\" is empty or contains '|' or a line break, which the log format cannot hold", nameof(path));
        }

        if (sprint.Length == 0 || sprint.AsSpan().IndexOfAny("|\r\n") >= 0)
        {
            throw new ArgumentException($"sprint \"{sprint}\" is empty or contains '|' or a line break, which the log format cannot hold", nameof(sprint));
        }

        var line = $"{path.Replace('\\', '/')}|{sprint}|cycle-{cycle.ToString(CultureInfo.InvariantCulture)}\n";
        lock (_gate)
        {
            Directory.CreateDirectory(_paths.RunDir);
            using var stream = new FileStream(_paths.DeletedFiles, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            // A hand-edited log may lack its final newline; never glue two entries together.
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
    }

    /// <summary>Every entry of deleted-files.log in order; empty if there is no log.</summary>
    public IReadOnlyList<DeletedFile> ReadDeleted()
    {
        if (!File.Exists(_paths.DeletedFiles))
        {
            return [];
        }

        var display = _paths.Display(_paths.DeletedFiles);
        var entries = new List<DeletedFile>();
        var number = 0;
        foreach (var raw in File.ReadLines(_paths.DeletedFiles))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var parts = line.Split('|');
            if (parts.Length != 3
                || parts[0].Length == 0
                || !parts[2].StartsWith("cycle-", StringComparison.Ordinal)
                || !int.TryParse(parts[2].AsSpan("cycle-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var cycle))
            {
                throw new StateFileException(
                    _paths.DeletedFiles,
                    $"{display}:{number}: expected path|sprint-N|cycle-N (got \"{line}\"); {FixHint}");
            }

            entries.Add(new DeletedFile(parts[0], parts[1], cycle));
        }

        return entries;
    }

    private void Write<T>(string path, string contents, Func<FieldReader, T> parse)
    {
        var bytes = Encoding.UTF8.GetBytes(contents);
        var display = _paths.Display(path);
        lock (_gate)
        {
            Guard(path, display, parse);
            try
            {
                Directory.CreateDirectory(_paths.RunDir);
                AtomicFile.Write(path, contents);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StateFileException(path, $"{display}: could not write ({ex.Message}); check disk space and permissions, then run ias run-resume", ex);
            }

            _owned[path] = SHA256.HashData(bytes);
        }
    }

    // The check and the rename are not one atomic step; an edit landing in that instant is lost. People do not
    // edit that fast, and the window is one small file write.
    private void Guard<T>(string path, string display, Func<FieldReader, T> parse)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var onDisk = File.ReadAllBytes(path);
        if (_owned.TryGetValue(path, out var hash) && SHA256.HashData(onDisk).AsSpan().SequenceEqual(hash))
        {
            return;
        }

        Parse(path, display, onDisk, parse);
        throw new StateFileException(
            path,
            _owned.ContainsKey(path)
                ? $"{display} was changed outside ias since ias last wrote it, and ias will not overwrite it; move it aside to keep your copy, then run ias run-resume to rewrite it from .run/ias.db"
                : $"{display} already exists and this ias process has not taken it over, so ias will not overwrite it; move it aside, or run ias run-resume to continue the run it belongs to");
    }

    private void Adopt<T>(string path, Func<FieldReader, T> parse)
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

    private T? Read<T>(string path, Func<FieldReader, T> parse) where T : class
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
