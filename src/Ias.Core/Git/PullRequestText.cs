namespace Ias.Core.Git;

/// <summary>A draft PR's title and body, as each feature writes it and the publisher opens it.</summary>
public sealed record PullRequestText(string Title, string Body)
{
    /// <summary>What a halted run's draft title starts with.</summary>
    public const string IncompleteMark = "[INCOMPLETE] ";

    /// <summary>`.run/pr.md`: the title as a heading, then the body, for opening the PR by hand.</summary>
    public string Markdown => $"# {Title}\n\n{Body}";

    /// <summary><paramref name="title"/>, marked [INCOMPLETE] when <paramref name="incomplete"/>.</summary>
    public static string Titled(string title, bool incomplete) => (incomplete ? IncompleteMark : "") + title;

    /// <summary>Whether the draft last published (its <paramref name="markdownFile"/>, `.run/pr.md`) is marked [INCOMPLETE].</summary>
    public static bool LastWasIncomplete(string markdownFile) =>
        File.Exists(markdownFile) && File.ReadLines(markdownFile).FirstOrDefault() is { } heading
        && heading.StartsWith("# " + IncompleteMark, StringComparison.Ordinal);
}
