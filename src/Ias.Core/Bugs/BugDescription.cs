using Ias.Core.Cycles.Live;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Bugs;

/// <summary>A bug's title and the text its triage works from: the description, or the issue through gh, or the issue's number alone.</summary>
internal static class BugDescription
{
    public static (string Title, string Description) Of(EngineContext ctx, BugRequest request, Action<string> report)
    {
        var text = request.Description?.Trim() ?? "";
        if (request.FromIssue is { } n)
        {
            var issue = ReadIssue(ctx, n);
            if (issue is { } i)
            {
                report($"read issue #{n} through gh: {i.Title}");
                var body = $"GitHub issue #{n}: {i.Title}\n\n{i.Body}".Trim();
                return (i.Title.Length > 0 ? i.Title : $"Issue #{n}", text.Length > 0 ? $"{text}\n\n{body}" : body);
            }

            var fallback = text.Length > 0 ? text : $"GitHub issue #{n} (its text could not be read; triage from the repository)";
            return (text.Length > 0 ? FirstLine(text) : $"Issue #{n}", fallback);
        }

        return (FirstLine(text), text);
    }

    private static (string Title, string Body)? ReadIssue(EngineContext ctx, int number)
    {
        if (IceGh.OnPath(ctx.RepoRoot) is not { } gh)
        {
            ctx.Progress($"gh is not installed, so issue #{number} was not read: triage goes on from its number only; install gh or pass the text with --bug \"...\"");
            return null;
        }

        var issue = gh.IssueView(number, out var problem);
        if (issue is null)
        {
            ctx.Progress($"gh could not read issue #{number} ({problem}), so triage goes on from its number only; run `gh auth login` or pass the text with --bug \"...\"");
        }

        return issue;
    }

    private static string FirstLine(string text) => ShortText.Cut(ShortText.FirstLine(text, "bug"), 72);
}
