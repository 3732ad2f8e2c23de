using System.Globalization;
using System.Text;
using Ias.Core.Config;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.A2a;

/// <summary>
/// The reviewer's and auditor's feedback files as people and the original tools read them: a heading, the verdict
/// ("All good" / "APPROVED" when the phase passed), the cycle, and each finding with its severity and place.
/// </summary>
public static class A2aFeedback
{
    public static string Render(string target, Phase phase, int cycle, Verdict verdict, DateTimeOffset at)
    {
        var (title, role, passed) = phase == Phase.Audit
            ? ("Security and quality audit", Role.Auditor, "APPROVED")
            : ("Review", Role.Reviewer, "All good");
        var b = new StringBuilder();
        b.Append(Inv($"# {title} of {target}, cycle {cycle}\n\n"));
        b.Append(Inv($"**Sprint**: {target}\n"));
        b.Append(Inv($"**Cycle**: {cycle}\n"));
        b.Append(Inv($"**By**: the {role} of ias Run Mode\n"));
        b.Append(Inv($"**Date**: {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"));
        if (verdict.Passed)
        {
            b.Append(Inv($"**Verdict**: {passed}\n\n"));
            b.Append(Inv($"{passed}: the {role} found nothing to change in cycle {cycle}.\n"));
            return b.ToString();
        }

        b.Append(Inv($"**Verdict**: CHANGES REQUIRED ({verdict.Findings.Count} finding(s))\n\n"));
        b.Append("## Findings\n\n");
        foreach (var f in verdict.Findings)
        {
            var where = f.File is null ? "" : f.Line is { } line ? Inv($" — `{f.File}:{line}`") : $" — `{f.File}`";
            b.Append(Inv($"- **{f.Id}** ({f.Severity}) {ShortText.JoinLines(f.Title)}{where}\n"));
        }

        b.Append(Inv($"\nThe implementer fixes these in cycle {cycle + 1}; the {role} looks again after it.\n"));
        return b.ToString();
    }

    // A title is the agent's text: kept to one line so it cannot add headings or lines of its own to the record.

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
