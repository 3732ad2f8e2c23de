using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Processes;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Asks an agent CLI for its version once per process and refuses versions older than the flags its adapter passes,
/// so a run fails at pre-flight with a clear message instead of on its first turn with "unknown option".
/// </summary>
public sealed partial class CliVersions
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, string?> _verdicts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

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
    /// Null when the command's version is <paramref name="minimum"/> or newer; otherwise a one-line reason and the
    /// <paramref name="install"/> command that fixes it. The verdict is cached per command.
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

        var verdict = Judge(command, minimum, install);
        lock (_gate)
        {
            _verdicts[key] = verdict;
        }

        return verdict;
    }

    private static string? Judge(string command, Version minimum, string install)
    {
        var range = $"supported: {minimum} or newer";
        var (exitCode, output, error) = Probe(command, "--version");
        if (error is not null)
        {
            return $"{command} --version {error} ({range}): reinstall it with {install}";
        }

        if (exitCode != 0)
        {
            return $"{command} --version exited {exitCode}{Quote(output)} ({range}): reinstall it with {install}";
        }

        if (Parse(output) is not { } found)
        {
            return $"{command} --version printed no version{Quote(output)} ({range}): reinstall it with {install}";
        }

        return found < minimum
            ? $"{command} {found} is too old ({range}): update it with {install}"
            : null;
    }

    /// <summary>Runs <c>command args</c> with stdin closed and a 10 s limit: its exit code, its stdout (else stderr), or why it could not run.</summary>
    internal static (int ExitCode, string Output, string? Error) Probe(string command, params string[] args)
    {
        try
        {
            var r = CliProcess.Run(command, Directory.GetCurrentDirectory(), args, new Dictionary<string, string>(), ProbeTimeout, command);
            return (r.ExitCode, (r.Stdout.Trim().Length > 0 ? r.Stdout : r.Stderr).Trim(), null);
        }
        catch (CliProcessException e) when (e.TimedOut)
        {
            return (-1, "", $"did not answer within {ProbeTimeout.TotalSeconds:0} s");
        }
        catch (CliProcessException e)
        {
            return (-1, "", $"could not start: {e.InnerException?.Message}");
        }
    }

    private static string Quote(string output)
    {
        var line = output.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "" : $": \"{Json.Shorten(line, 80)}\"";
    }

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d{1,6})\.(\d{1,6})\.(\d{1,6})")]
    private static partial Regex Semantic();
}
