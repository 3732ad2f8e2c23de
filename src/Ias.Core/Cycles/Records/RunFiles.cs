using System.Globalization;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Records;

/// <summary>The run's own files under `.run/`: state.json, under the ownership rule of <see cref="StateFiles"/>, and deleted-files.log.</summary>
public sealed class RunFiles(StateFiles files)
{
    private RunPaths Paths => files.Paths;

    /// <summary>Takes the run's JSON files (state.json, and the breaker's and rate limit's) as they are now as this process's own; throws if one exists and is corrupt.</summary>
    public void Adopt()
    {
        files.Adopt(Paths.State, StateJson.Parse);
        new SafetyFiles(files).Adopt();
    }

    public void WriteState(RunSnapshot run) => files.Write(Paths.State, StateJson.Render(run), StateJson.Parse);

    /// <summary>The run as state.json shows it, or null if there is no file.</summary>
    public RunSnapshot? ReadState() => files.Read(Paths.State, StateJson.Parse);

    /// <summary>Appends `path|sprint|cycle-N`, the original tools' deleted-files line, e.g. `src/old.ts|sprint-1|cycle-3`.</summary>
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

        files.AppendLine(Paths.DeletedFiles, $"{path.Replace('\\', '/')}|{sprint}|cycle-{cycle.ToString(CultureInfo.InvariantCulture)}\n");
    }

    /// <summary>Every entry of deleted-files.log in order; empty if there is no log.</summary>
    public IReadOnlyList<DeletedFile> ReadDeleted()
    {
        if (!File.Exists(Paths.DeletedFiles))
        {
            return [];
        }

        var display = Paths.Display(Paths.DeletedFiles);
        var entries = new List<DeletedFile>();
        var number = 0;
        foreach (var raw in File.ReadLines(Paths.DeletedFiles))
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
                    Paths.DeletedFiles,
                    $"{display}:{number}: expected path|sprint-N|cycle-N (got \"{line}\"); {StateFiles.FixHint}");
            }

            entries.Add(new DeletedFile(parts[0], parts[1], cycle));
        }

        return entries;
    }
}
