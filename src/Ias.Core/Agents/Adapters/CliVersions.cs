using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Asks an agent CLI for its version once per process and refuses versions older than the flags its adapter passes,
/// so a run fails at pre-flight with a clear message instead of on its first turn with "unknown option".
/// </summary>
public sealed partial class CliVersions(TimeSpan probeTimeout)
{
    /// <summary>
    /// How long a probe may take to answer. A node CLI's start alone took 8-12 s on a machine under a load of 20, and a probe
    /// runs once per CLI per process, so a generous limit costs nothing on a machine that is not busy.
    /// </summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The bytes of each stream a probe keeps: a version or a login status is a line or a small JSON, and a CLI that answers
    /// with a stream of hundreds of MB must not have it held in memory whole. The rest is read and counted, not kept.
    /// </summary>
    public const int ProbeKeep = 64 * 1024;

    private readonly Dictionary<string, string?> _verdicts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public CliVersions()
        : this(DefaultProbeTimeout)
    {
    }

    /// <summary>The first x.y.z in the text, or null.</summary>
    public static Version? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Semantic().Match(text);
        return match.Success
            ? new Version(Int(match.Groups[1].Value), Int(match.Groups[2].Value), Int(match.Groups[3].Value))
            : null;
    }

    /// <summary>
    /// Null when the command's version is <paramref name="minimum"/> or newer; otherwise a one-line reason and what to do,
    /// <paramref name="install"/> when the CLI is too old or broken. The verdict is cached per command, unless the probe
    /// ran out of time: a busy machine is no verdict on the CLI, and the next check asks again.
    /// </summary>
    public string? Check(string command, Version minimum, string install)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(minimum);
        ArgumentNullException.ThrowIfNull(install);
        var key = $"{minimum}\0{command}";
        lock (_gate)
        {
            if (_verdicts.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var (verdict, timedOut) = Judge(command, minimum, install);
        if (!timedOut)
        {
            lock (_gate)
            {
                _verdicts[key] = verdict;
            }
        }

        return verdict;
    }

    private (string? Verdict, bool TimedOut) Judge(string command, Version minimum, string install)
    {
        var range = $"supported: {minimum} or newer";
        var (exitCode, output, unstarted, timedOut, cut) = Probe(command, probeTimeout, "--version");
        if (timedOut)
        {
            // Slow is not broken: the CLI is there, and nothing says it does not work.
            return ($"{command} --version did not answer within {probeTimeout.TotalSeconds:0} s, so its version is unchecked ({range}): "
                + $"the machine may be too busy; try again when it is quieter, or check that `{command} --version` answers", true);
        }

        if (unstarted is not null)
        {
            return ($"{command} --version could not start: {unstarted} ({range}): reinstall it with {install}", false);
        }

        if (exitCode != 0)
        {
            return ($"{command} --version exited {exitCode}{Quote(output, cut)} ({range}): reinstall it with {install}", false);
        }

        if (Parse(output) is not { } found)
        {
            return ($"{command} --version printed no version{Quote(output, cut)} ({range}): reinstall it with {install}", false);
        }

        return (found < minimum ? $"{command} {found} is too old ({range}): update it with {install}" : null, false);
    }

    /// <summary>
    /// Runs <c>command args</c> with stdin closed and a time limit: its exit code and what it printed (stdout, then stderr,
    /// where some CLIs print their version, each its first <see cref="ProbeKeep"/> bytes, and <c>Cut</c> saying how much
    /// more there was), else the system's reason it could not start, or that it outran the limit.
    /// </summary>
    internal static (int ExitCode, string Output, string? CouldNotStart, bool TimedOut, string? Cut) Probe(string command, TimeSpan timeout, params string[] args) =>
        Probe(command, timeout, args, null);

    /// <summary>As <see cref="Probe(string, TimeSpan, string[])"/>, started through <paramref name="launcher"/> when one is given.</summary>
    internal static (int ExitCode, string Output, string? CouldNotStart, bool TimedOut, string? Cut) Probe(string command, TimeSpan timeout, string[] args, Func<string, string[], ProbeLaunch>? launcher)
    {
        try
        {
            var launch = launcher?.Invoke(command, args) ?? new ProbeLaunch(command, args, new Dictionary<string, string>(), Inherit: true);
            var r = CliProcess.Run(launch.FileName, Directory.GetCurrentDirectory(), launch.Args, launch.Environment, timeout, command, launch.Inherit, ProbeKeep);
            return (r.ExitCode, $"{r.Stdout.Trim()}\n{r.Stderr.Trim()}".Trim(), null, false, r.Cut);
        }
        catch (CliProcessException e) when (e.TimedOut)
        {
            return (-1, "", null, true, null);
        }
        catch (CliProcessException e)
        {
            return (-1, "", e.InnerException?.Message ?? e.Message, false, null);
        }
    }

    private static string Quote(string output, string? cut)
    {
        var line = output.Split('\n', 2)[0].Trim();
        var quoted = line.Length == 0 ? "" : $": \"{ShortText.Cut(line, 80)}\"";
        return cut is null ? quoted : $"{quoted} {cut}";
    }

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d{1,6})\.(\d{1,6})\.(\d{1,6})")]
    private static partial Regex Semantic();
}
