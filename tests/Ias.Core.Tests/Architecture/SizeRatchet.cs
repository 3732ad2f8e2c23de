namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The files, types and members allowed over <see cref="SourceSizes"/>' limits, as <see cref="Path"/> lists them with their size,
/// and what breaks the ratchet: a new one over the limit, a listed one that grew or shrank without its line saying so, and a listed one that no longer needs its line.
/// </summary>
internal static class SizeRatchet
{
    public const string Path = "tests/Ias.Core.Tests/Architecture/SizeExceptions.txt";

    // How to write the list anew from the sources as they are, after work that moved or shrank code.
    public const string Rewrite = "IAS_SIZE_EXCEPTIONS=rewrite dotnet test tests/Ias.Core.Tests --filter FullyQualifiedName~SizeRatchetTests";

    private static readonly string Header = $"""
        # Files and types over {SourceSizes.FileLimit} lines and members over {SourceSizes.MemberLimit} lines in src/, each with its size when listed.
        # A type's size is all its partial declarations together. A listed size may only go down, and is lowered when it does:
        # a line goes when its file, type or member is within the limit, and no line is added.
        # Written by: {Rewrite}
        """;

    public static Dictionary<string, int> Read() => RatchetList.Read(Path);

    /// <summary>The list as it would be written for <paramref name="sizes"/>: everything over its limit, by path.</summary>
    public static string Format(IEnumerable<SourceSize> sizes) =>
        Header + "\n" + string.Concat(Largest(sizes).Where(s => s.Lines > s.Limit)
            .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Member is not null).ThenBy(s => s.Line)
            .Select(s => $"{s.Lines} {s.Key}\n"));

    public static void Write(IEnumerable<SourceSize> sizes) => RatchetList.Write(Path, Format(sizes));

    /// <summary>One line for each thing that breaks the ratchet: where, what, how many lines, the limit, and what to do.</summary>
    public static List<string> Problems(IEnumerable<SourceSize> sizes, IReadOnlyDictionary<string, int> listed)
    {
        var measured = Largest(sizes).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var size in measured.Values.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line))
        {
            var at = $"{size.File}:{size.Line}: {size.What} is {size.Lines} lines";
            if (!listed.TryGetValue(size.Key, out var allowed))
            {
                if (size.Lines > size.Limit)
                {
                    problems.Add($"{at}, over the limit of {size.Limit}; {Split(size)}");
                }
            }
            else if (size.Lines <= size.Limit)
            {
                problems.Add($"{at}, within the limit of {size.Limit}; delete its line from {Path}");
            }
            else if (size.Lines > allowed)
            {
                problems.Add($"{at}, more than the {allowed} {Path} allows it (limit {size.Limit}); shrink it to {allowed} lines or fewer, as listed sizes only go down");
            }
            else if (size.Lines < allowed)
            {
                // A size that went down is written down, or the room it left could be filled again unnoticed.
                problems.Add($"{at}, fewer than the {allowed} listed; lower its line in {Path} to {size.Lines}, so it cannot grow back");
            }
        }

        problems.AddRange(listed.Keys.Where(key => !measured.ContainsKey(key)).Order(StringComparer.Ordinal)
            .Select(key => $"{key}: listed in {Path} but no longer in src/; delete its line"));
        return problems;
    }

    private static string Split(SourceSize size) => size switch
    {
        { IsType: true } => "split it by concern into types of their own (partial files do not make a type smaller)",
        { Member: null } => "split it by concern, into types of their own",
        _ => "split it into named steps",
    };

    // Two members can share a name in a file (a local function in each overload); the larger one is measured.
    private static IEnumerable<SourceSize> Largest(IEnumerable<SourceSize> sizes) =>
        sizes.GroupBy(s => s.Key, StringComparer.Ordinal).Select(g => g.MaxBy(s => s.Lines)!);
}
