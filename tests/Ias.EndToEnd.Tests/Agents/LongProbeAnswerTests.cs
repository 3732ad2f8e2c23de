using System.Globalization;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Agents;

/// <summary>
/// An agent CLI that answers `--version` with a stream of hundreds of MB: ias reads it to its end, keeps its first bytes
/// only, and refuses the run with a one-line reason that says the answer was cut, its own memory staying small.
/// </summary>
public sealed class LongProbeAnswerTests : IDisposable
{
    // GNU time's %M: the largest resident set of the process it ran (the kernel's own count, from wait4), in KB.
    private const string Time = "/usr/bin/time";

    // A refused run's pre-flight peaked at 63 MB (the JIT build); held whole, the answer peaked at 3.1 GB (as bytes read,
    // as text, and as the string made of it).
    private const long MostKb = 150 * 1024;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_version_answer_of_400_MB_is_cut_and_said_and_ias_stays_under_150_MB()
    {
        Assert.True(File.Exists(Time), $"this test measures ias's peak memory with GNU time, and {Time} is missing: apt-get install time");
        using var repo = new TestRepo();
        var claude = FakeClaude("head -c 400000000 /dev/zero | tr '\\0' x");
        await repo.SetConfigAsync($"run_mode:\n  enabled: true\nagents:\n  default:\n    agent: claude\n    command: {claude}\n");
        var peak = _dir.Combine("peak.kb");

        var (code, _, err) = await IasProcess.RunAsync(new IasProgram([Time, "-f", "%M", "-o", peak, .. IasProgram.Default.Command]), repo.Path, null, "run", "sprint-1", "--headless");

        Assert.True(code == 2, $"exit {code}: {err}");
        var kb = long.Parse((await File.ReadAllLinesAsync(peak)).Last(l => l.Length > 0), CultureInfo.InvariantCulture);
        Assert.True(kb < MostKb, $"ias's peak resident set was {kb / 1024} MB reading a 400 MB version answer; at most {MostKb / 1024} MB expected");
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{claude} --version printed no version: \"{new string('x', 79)}…\" … (cut: 381 MB more)", line, StringComparison.Ordinal);
    }

    /// <summary>A stand-in `claude` (the name the version check knows) that prints what <paramref name="body"/> prints, whatever it is asked.</summary>
    private string FakeClaude(string body)
    {
        var bin = _dir.Combine("bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "claude");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        IceShim.MakeExecutable(path);
        return path;
    }
}
