using System.Globalization;
using System.Text;

namespace Ias.SimAgent;

/// <summary>
/// How many calls each scenario failure with <c>times</c> has failed so far, kept in a file beside the scenario
/// (<c>SCENARIO.counts</c>), since every agent call is a process of its own and two runners' agents may ask at once: the
/// count is read and written under a lock file (<c>SCENARIO.counts.lock</c>), and written whole to a temporary file
/// renamed over the old, so a killed agent never leaves half a file. One line per failure: its count, a tab, its key.
/// </summary>
public sealed class SimFailureCounts(string path, TimeProvider clock)
{
    /// <summary>How long a call waits for another agent's hold of the lock: a few milliseconds each, unless one hangs.</summary>
    private static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(5);

    /// <summary>The counts file.</summary>
    public string Path => path;

    /// <summary>The counts of the scenario file at <paramref name="scenarioPath"/>, beside it.</summary>
    public static SimFailureCounts Beside(string scenarioPath, TimeProvider clock) => new(scenarioPath + ".counts", clock);

    /// <summary>
    /// Counts one more call of the failure <paramref name="key"/> and returns true while the count is at most
    /// <paramref name="times"/>; once it has failed that many calls, false, and nothing is written.
    /// </summary>
    public async Task<bool> TakeAsync(string key, int times, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Contains('\t', StringComparison.Ordinal) || key.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a failure's key holds no tab or newline (got \"{key}\")", nameof(key));
        }

        using var held = await LockAsync(ct).ConfigureAwait(false);
        var counts = Read();
        var count = counts.GetValueOrDefault(key);
        if (count >= times)
        {
            return false;
        }

        counts[key] = count + 1;
        Write(counts);
        return true;
    }

    /// <summary>How many calls the failure <paramref name="key"/> has failed so far.</summary>
    public int Count(string key) => Read().GetValueOrDefault(key);

    private async Task<FileStream> LockAsync(CancellationToken ct)
    {
        // FileShare.None takes an exclusive flock on Unix, released when the stream closes or its process dies.
        var deadline = clock.GetUtcNow() + LockLimit;
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path + ".lock") && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(LockPoll, clock, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new IOException($"sim failure counts {path}.lock: cannot take it ({e.Message}); make sure the scenario's folder is writable and no agent hangs holding it", e);
            }
        }
    }

    private Dictionary<string, int> Read()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            return counts;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 1 || !int.TryParse(line.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new InvalidDataException($"sim failure counts {path}: \"{line}\" is not a count, a tab and a key; delete the file to count from zero");
            }

            counts[line[(tab + 1)..]] = count;
        }

        return counts;
    }

    private void Write(Dictionary<string, int> counts)
    {
        var text = new StringBuilder();
        foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(count.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(key).Append('\n');
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }
}
