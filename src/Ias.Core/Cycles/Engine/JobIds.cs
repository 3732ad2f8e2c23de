using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.Engine;

/// <summary>
/// Names of `.run/jobs/&lt;job-id&gt;/` folders: run, phase record, cycle, phase and attempt, so a phase re-run after a
/// halt or a crash never overwrites the logs of the attempt before it.
/// </summary>
public static partial class JobIds
{
    public static string Of(string runId, long phaseId, int cycle, Phase phase, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-p{phaseId}-c{cycle}-{PromptTemplates.TemplateName(phase)}-a{attempt}");

    /// <summary>Reads the phase record id and the attempt back from a job folder name; null for other folders.</summary>
    public static (long PhaseId, int Attempt)? Parse(string runId, string jobId)
    {
        if (!jobId.StartsWith(runId + "-p", StringComparison.Ordinal))
        {
            return null;
        }

        var m = Tail().Match(jobId[runId.Length..]);
        return m.Success
            ? (long.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"^-p(?<p>\d+)-c\d+-[a-z]+-a(?<a>\d+)$")]
    private static partial Regex Tail();
}
