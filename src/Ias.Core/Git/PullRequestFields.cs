using System.Text.RegularExpressions;
using Ias.Core.Config;

namespace Ias.Core.Git;

/// <summary>
/// A draft PR's text under the data policy: its free text (what agents wrote, halt reasons, test output) is the field
/// `pr.body`, kept or replaced by the policy's marker; a commit line keeps its SHA and the structure ias gives its
/// subjects, and only the words after them are free text.
/// </summary>
public static partial class PullRequestFields
{
    /// <summary>The field of a PR body's free text.</summary>
    public const string Body = "pr.body";

    /// <summary>Free text of the PR body: itself when `pr.body` is allowed, else the policy's marker.</summary>
    public static string Free(DataPolicy policy, string text)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Text(Body, text)!;
    }

    /// <summary>
    /// A commit line such as `abc1234 feat(sprint-1): cycle 2 — summary`: the SHA, a conventional type and scope, ias's own
    /// `cycle N —`, `post-PR —`, `COMPLETED —` and `Run halted -`, and its verdicts stay; the rest is <see cref="Free"/> text.
    /// </summary>
    public static string Commit(DataPolicy policy, string line)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(line);
        if (policy.Allows(Body))
        {
            return line;
        }

        var m = Structure().Match(line);
        var words = line[m.Length..];
        return words.Length == 0 ? line : line[..m.Length] + Free(policy, words);
    }

    /// <summary>Commit lines as a Markdown list, one <see cref="Commit"/> line an item.</summary>
    public static string Commits(DataPolicy policy, IEnumerable<string> lines) => string.Concat(lines.Select(line => "- " + Commit(policy, line) + "\n"));

    // A scope is kept only when it is an identifier (sprint-1, bug-42): an agent's own "feat(the secret plan):" is free text.
    // The verdicts a run's COMPLETED commit and its red-team commit give are ias's own words and stay whole; should their
    // wording change, they are withheld like any other words, which errs on the side of the policy.
    [GeneratedRegex(@"^(?:[0-9a-f]{7,40} )?(?:[A-Za-z]+(?:\([\w.-]+\))?!?: )?(?:COMPLETED — (?:review and audit|review, audit and the red-team gate) passed in cycle \d+(?:; no design document for the red-team gate|; red-team gate at its limit of \d+)?$|(?:cycle \d+|post-PR|COMPLETED) — |Run halted - |red team code-vs-design, cycle \d+$)?")]
    private static partial Regex Structure();
}
