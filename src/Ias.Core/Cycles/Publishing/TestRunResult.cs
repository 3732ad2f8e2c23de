using System.Globalization;
using System.Text;
using Ias.Core.Config;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Publishing;

/// <summary>
/// What the project's test command did when ias ran it before publishing, with the texts that report it: one line for the
/// run's progress and the "Test results" section of the draft PR. The output tail is already redacted and bounded.
/// </summary>
public sealed record TestRunResult(
    TestOutcome Outcome,
    string? Command,
    int? ExitCode,
    TimeSpan Duration,
    IReadOnlyList<string> Tail,
    string Detail)
{
    /// <summary>
    /// Set when the run's changes include the test command's own files (see <see cref="CheckChanges.TestWarning"/>): a pass
    /// then says so, since the agent may have changed what passing means.
    /// </summary>
    public string? ChecksChanged { get; init; }

    /// <summary>What the PR says when no test command is configured, and how to set one.</summary>
    public const string UnsetReason = "set `ias.test_command` in .loa.config.yaml";

    /// <summary>Not run because no test command is configured.</summary>
    public static TestRunResult Unset { get; } = NotRun(null, UnsetReason);

    /// <summary>Not run, for <paramref name="reason"/>.</summary>
    public static TestRunResult NotRun(string? command, string reason) => new(TestOutcome.NotRun, command, null, TimeSpan.Zero, [], reason);

    /// <summary>Not run because the run stopped short: its [INCOMPLETE] draft says when they will run.</summary>
    public static TestRunResult Halted(string? command) =>
        command is null ? Unset : NotRun(null, "the run halted before it finished; ias runs them when it completes");

    /// <summary>One line for the progress output and the run's events.</summary>
    public string Line() => Outcome switch
    {
        TestOutcome.NotRun => $"tests not run: {Detail}",
        TestOutcome.Passed when ChecksChanged is { } changed => Inv($"tests passed, but {changed}: `{Command}` exited 0 after {Seconds} s"),
        TestOutcome.Passed => Inv($"tests passed: `{Command}` exited 0 after {Seconds} s"),
        TestOutcome.Failed => Inv($"tests FAILED: `{Command}` exited {ExitCode} after {Seconds} s{LastLine()}"),
        TestOutcome.TimedOut => Inv($"tests TIMED OUT: `{Command}` killed after {Seconds} s, at its limit{LastLine()}"),
        _ => $"tests could not run: {Detail}",
    };

    /// <summary>
    /// The body of the PR's test-results section: the outcome first, so a failure is seen before anything else, then the
    /// output's last lines, which are free text of the PR under <paramref name="policy"/> (none: everything is kept).
    /// </summary>
    public string Section(DataPolicy? policy = null)
    {
        var b = new StringBuilder();
        b.Append(Outcome switch
        {
            TestOutcome.NotRun => $"Tests: not run: {Detail}.\n",
            TestOutcome.Passed when ChecksChanged is { } changed => Inv($"**⚠️ Tests passed, but {changed}**: `{Command}` exited with code 0 after {Seconds} s ({Detail}). Read those changes (listed at the top) before trusting the pass.\n"),
            TestOutcome.Passed => Inv($"**Tests passed.** `{Command}` exited with code 0 after {Seconds} s ({Detail}).\n"),
            TestOutcome.Failed => Inv($"**⚠️ Tests FAILED.** `{Command}` exited with code {ExitCode} after {Seconds} s ({Detail}). The PR is opened anyway, as a draft for you to look at.\n"),
            TestOutcome.TimedOut => Inv($"**⚠️ Tests TIMED OUT.** `{Command}` was killed after {Seconds} s, at its limit (ias.test_timeout_minutes) ({Detail}).\n"),
            _ => $"**⚠️ Tests could not run:** {Detail}.\n",
        });
        if (Tail.Count > 0)
        {
            var fence = new string('`', Math.Max(3, Tail.Max(LongestBacktickRun) + 1));
            b.Append(Inv($"\nLast {Tail.Count} line(s) of the output:\n\n{fence}text\n"));
            if (policy is null || policy.Allows(PullRequestFields.Body))
            {
                foreach (var line in Tail)
                {
                    b.Append(line).Append('\n');
                }
            }
            else
            {
                b.Append(PullRequestFields.Free(policy, string.Join('\n', Tail))).Append('\n');
            }

            b.Append(fence).Append('\n');
        }

        return b.ToString();
    }

    private string Seconds => Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    private string LastLine() => Tail.Count == 0 ? "" : $"; last line: {Tail[^1]}";

    private static int LongestBacktickRun(string line)
    {
        int longest = 0, run = 0;
        foreach (var c in line)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
