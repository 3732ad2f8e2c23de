using System.Text;
using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>`.run/ice.log`: one JSON object per refused command, {timestamp, argv, reason, cwd}, appended by the shim and the hook.</summary>
public sealed class IceLog(string path, TimeProvider clock)
{
    public string Path { get; } = path;

    /// <summary>The log of the repository whose run state lives in <paramref name="paths"/>.</summary>
    public static string PathFor(RunPaths paths) => System.IO.Path.Combine(paths.RunDir, "ice.log");

    public void Append(IReadOnlyList<string> argv, string reason, string cwd)
    {
        var line = JsonText.RenderCompact(w =>
        {
            w.WriteStartObject();
            w.WriteString("timestamp", IsoTime.ForFile(clock.GetUtcNow()));
            JsonText.WriteStrings(w, "argv"u8, argv);
            w.WriteString("reason", reason);
            w.WriteString("cwd", cwd);
            w.WriteEndObject();
        });

        OwnerOnly.CreateFolder(System.IO.Path.GetDirectoryName(Path)!);
        // One write of a whole line, so lines from concurrent shims (and the hook's `>>`) never interleave mid-line.
        using var stream = OwnerOnly.Open(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
    }

    /// <summary>The most of a turn's log that is gathered; a bigger one is refused whole, with a line saying so.</summary>
    public const int GatherLimit = 1 << 20;

    /// <summary>
    /// Appends the lines a boxed agent's shim and hook wrote to <paramref name="from"/> (its turn's scratch folder, the only
    /// place in reach that the box lets it write) to <paramref name="to"/>, then deletes it; whole lines only. The agent could
    /// have put anything there, so it is read as data (<see cref="AgentFile"/>): a link, a FIFO, a hard link or a file over
    /// <see cref="GatherLimit"/> is not read, and the refusal is a line of the log itself.
    /// </summary>
    public static void Gather(string from, string to, TimeProvider clock)
    {
        var read = AgentFile.Read(from, GatherLimit);
        if (read == AgentFileRead.Missing)
        {
            return;
        }

        try
        {
            File.Delete(from);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder of the agent's in the log's place: the scratch folder goes with the turn's job folder.
        }

        if (read.Refused is { } refused)
        {
            new IceLog(to, clock).Append(["read", AgentFile.Shown(from)], refused, System.IO.Path.GetDirectoryName(from)!);
            return;
        }

        var text = read.Text;
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        OwnerOnly.CreateFolder(System.IO.Path.GetDirectoryName(to)!);
        using var target = OwnerOnly.Open(to, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        target.Write(Encoding.UTF8.GetBytes(text[..(end + 1)]));
    }

    /// <summary>Every entry from byte <paramref name="offset"/> on, as (argv, reason); lines that do not parse are skipped.</summary>
    public IReadOnlyList<(IReadOnlyList<string> Argv, string Reason)> ReadFrom(long offset)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset > stream.Length)
        {
            offset = 0;
        }

        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var entries = new List<(IReadOnlyList<string>, string)>();
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var doc = AgentJson.Parse(line);
                var root = doc.RootElement;
                var argv = root.GetProperty("argv").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
                entries.Add((argv, root.GetProperty("reason").GetString() ?? ""));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A line cut short by a killed shim says nothing reliable; the next ones still count.
            }
        }

        return entries;
    }

    /// <summary>The log's size now, where <see cref="ReadFrom"/> starts to see only later refusals.</summary>
    public long Length => File.Exists(Path) ? new FileInfo(Path).Length : 0;
}
