namespace Ias.Core.Git;

/// <summary>A draft PR's title and body, as each feature writes it and the publisher opens it.</summary>
public sealed record PullRequestText(string Title, string Body)
{
    /// <summary>`.run/pr.md`: the title as a heading, then the body, for opening the PR by hand.</summary>
    public string Markdown => $"# {Title}\n\n{Body}";
}
