using System.Globalization;
using System.Text;
using Ias.Core.Storage;

namespace Ias.Core.Decisions;

/// <summary>
/// The repository's record of a decision, `docs/ias/decisions/&lt;run&gt;-&lt;id&gt;.md`: the question when it is asked,
/// then the answer too. Written whole each time from the database, so writing it twice does no harm.
/// </summary>
public static class DecisionRecordFile
{
    /// <summary>The folder, relative to the repository, where people and agents keep the records of their choices.</summary>
    public const string Folder = "docs/ias/decisions";

    /// <summary>The record's path relative to the repository; the run id keeps ids from a fresh ias.db from meeting old records.</summary>
    public static string RelativePath(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return $"{Folder}/{decision.Run}-{decision.Id}.md";
    }

    /// <summary>Whether a repository path is a decision record: ias writes it, so it is neither the agent's work nor a stray edit.</summary>
    public static bool IsRecord(string repoPath) =>
        repoPath.StartsWith(Folder + "/", StringComparison.Ordinal) && repoPath.EndsWith(".md", StringComparison.Ordinal);

    /// <summary>
    /// Writes the record of <paramref name="decision"/> as it stands now; null when written, one line when a folder on the
    /// way is a link or a file (<see cref="TreeFolder"/>): the decision is kept in the database all the same.
    /// </summary>
    public static string? Write(string repoRoot, Decision decision)
    {
        if (TreeFolder.Ensure(repoRoot, Folder) is { } refused)
        {
            return $"the record of decision {decision.Id} was not written: {refused}";
        }

        var path = Path.Combine(repoRoot, RelativePath(decision));

        // Part of the repository, read by people and committed with the run: the repository's usual mode, not .run/'s.
        AtomicFile.Write(path, Render(decision), OwnerOnly.PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return null;
    }

    /// <summary>
    /// The question as its record in <paramref name="repoRoot"/> holds it: the full text a shared queue withheld (ias.data_policy)
    /// is kept only where it was asked. Null when there is no record.
    /// </summary>
    public static string? Question(string repoRoot, Decision decision)
    {
        // The record lies in the work tree, where an agent may have replaced it: read as data, a refused one as none.
        var read = AgentFile.Read(Path.Combine(repoRoot, RelativePath(decision)), RecordLimit, under: repoRoot);
        if (read.Bytes is null)
        {
            return null;
        }

        // The record is written by Render alone: the question follows its heading and ends where the answer's begins.
        var text = read.Text;
        var start = text.IndexOf(QuestionHeading, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var question = text[(start + QuestionHeading.Length)..];
        var answer = question.LastIndexOf("\n" + AnswerHeading, StringComparison.Ordinal);
        return (answer >= 0 ? question[..answer] : question).Trim();
    }

    /// <summary>The most of a record read back: a question of the largest question file, an answer, and the headings.</summary>
    private const int RecordLimit = 4 * AskFile.Limit;

    private const string QuestionHeading = "\n## Question\n\n";

    private const string AnswerHeading = "\n## Answer\n\n";

    public static string Render(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"# Decision {decision.Id}: {FirstLine(decision.Question)}\n\n");
        s.Append(CultureInfo.InvariantCulture, $"- Asked: {IsoTime.ForFile(decision.Asked)} by the {decision.Role} of {decision.Run} ({decision.Where})\n");
        s.Append(decision.Answered is { } at ? $"- Answered: {IsoTime.ForFile(at)}\n" : "- Status: open, waiting for a person\n");
        s.Append(CultureInfo.InvariantCulture, $"{QuestionHeading}{decision.Question.Trim()}\n");
        if (decision.Answer is { } answer)
        {
            s.Append(CultureInfo.InvariantCulture, $"{AnswerHeading}{answer.Trim()}\n");
        }

        return s.ToString();
    }

    private static string FirstLine(string text) => ShortText.Cut(ShortText.FirstLine(text), 80);
}
