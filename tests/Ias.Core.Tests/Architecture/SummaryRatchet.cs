namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The summaries allowed over <see cref="SourceSummaries.Limit"/> characters, as <see cref="Path"/> lists them with their
/// length, and what breaks the ratchet, as <see cref="SizeRatchet"/> does for sizes.
/// </summary>
internal static class SummaryRatchet
{
    public const string Path = "tests/Ias.Core.Tests/Architecture/SummaryExceptions.txt";

    // How to write the list anew from the sources as they are, after work that shortened or removed summaries.
    public const string Rewrite = "IAS_SUMMARY_EXCEPTIONS=rewrite dotnet test tests/Ias.Core.Tests --filter FullyQualifiedName~SummaryRatchetTests";

    private static readonly string Header = $"""
        # Doc comment summaries in src/ over {SourceSummaries.Limit} characters, each with its length when listed: the text a
        # reader sees, whitespace collapsed, a <see cref="X"/> counted as X's last name. A listed length may only go down, and
        # is lowered when it does: a line goes when its summary is within the limit or gone, and no line is added.
        # Written by: {Rewrite}
        """;

    public static Dictionary<string, int> Read() => RatchetList.Read(Path);

    /// <summary>The list as it would be written for <paramref name="summaries"/>: every one over the limit, by path and line.</summary>
    public static string Format(IEnumerable<SourceSummary> summaries) =>
        Header + "\n" + string.Concat(Longest(summaries).Where(s => s.Length > SourceSummaries.Limit)
            .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line)
            .Select(s => $"{s.Length} {s.Key}\n"));

    public static void Write(IEnumerable<SourceSummary> summaries) => RatchetList.Write(Path, Format(summaries));

    /// <summary>One line for each summary that breaks the ratchet: where, what it is on, its length, and what to do.</summary>
    public static List<string> Problems(IEnumerable<SourceSummary> summaries, IReadOnlyDictionary<string, int> listed)
    {
        const int limit = SourceSummaries.Limit;
        var measured = Longest(summaries).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var summary in measured.Values.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line))
        {
            var at = $"{summary.File}:{summary.Line}: the summary of {summary.Member} is {summary.Length} characters";
            if (!listed.TryGetValue(summary.Key, out var allowed))
            {
                if (summary.Length > limit)
                {
                    problems.Add($"{at}, over the limit of {limit}; say it shorter, and put the rest in <remarks> or at the spot it explains");
                }
            }
            else if (summary.Length <= limit)
            {
                problems.Add($"{at}, within the limit of {limit}; delete its line from {Path}");
            }
            else if (summary.Length > allowed)
            {
                problems.Add($"{at}, more than the {allowed} {Path} allows it (limit {limit}); shorten it to {allowed} or fewer, as listed lengths only go down");
            }
            else if (summary.Length < allowed)
            {
                // A length that went down is written down, or the room it left could be filled again unnoticed.
                problems.Add($"{at}, fewer than the {allowed} listed; lower its line in {Path} to {summary.Length}, so it cannot grow back");
            }
        }

        problems.AddRange(listed.Keys.Where(key => !measured.ContainsKey(key)).Order(StringComparer.Ordinal)
            .Select(key => $"{key}: listed in {Path} but no longer in src/; delete its line"));
        return problems;
    }

    // Two summaries can share a key (a partial member's two parts in one file); the longer one is measured.
    private static IEnumerable<SourceSummary> Longest(IEnumerable<SourceSummary> summaries) =>
        summaries.GroupBy(s => s.Key, StringComparer.Ordinal).Select(g => g.MaxBy(s => s.Length)!);
}
