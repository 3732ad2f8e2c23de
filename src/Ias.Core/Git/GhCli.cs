using Ias.Core.Storage;

namespace Ias.Core.Git;

/// <summary>The GitHub CLI, for draft PRs only: every command it runs first asks <c>refusal</c> (ICE's gh policy) why it may not run.</summary>
public sealed class GhCli(string repoRoot, string executable, Func<IReadOnlyList<string>, string?> refusal, TimeSpan? timeout = null)
{
    private const string NoOutput = "no output";

    private static readonly IReadOnlyDictionary<string, string> FixedEnvironment = new Dictionary<string, string>
    {
        ["GH_PROMPT_DISABLED"] = "1",
        ["GH_NO_UPDATE_NOTIFIER"] = "1",
        ["NO_COLOR"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    public string Executable { get; } = executable;

    /// <summary>`gh auth status`: true when signed in; otherwise false with gh's own words in <paramref name="problem"/>.</summary>
    public bool IsAuthenticated(out string problem)
    {
        var r = Try("auth", "status");
        problem = r.Ok ? "" : ShortText.FirstLine(r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout, NoOutput);
        return r.Ok;
    }

    /// <summary>The URL of the open PR whose head is <paramref name="branch"/>, or null when there is none.</summary>
    public string? OpenPrUrl(string branch)
    {
        var r = Try("pr", "list", "--head", branch, "--state", "open", "--json", "url", "--jq", ".[0].url");
        return r.Ok ? Url(r.Stdout) : null;
    }

    /// <summary>Opens a draft PR and returns its URL.</summary>
    public string CreateDraft(string branch, string baseBranch, string title, string bodyFile)
    {
        var r = Run("pr", "create", "--draft", "--head", branch, "--base", baseBranch, "--title", title, "--body-file", bodyFile);
        return Url(r.Stdout) ?? throw new GitException("gh pr create", $"gh printed no PR URL ({ShortText.FirstLine(r.Stdout, NoOutput)})");
    }

    /// <summary>An issue's title and body (`gh issue view N --json title,body`), or null with gh's complaint in <paramref name="problem"/>.</summary>
    public (string Title, string Body)? IssueView(int number, out string problem) =>
        View<(string, string)?>(["issue", "view", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "title,body"], "issue", out problem,
            root => (Text(root, "title"), Text(root, "body")));

    /// <summary>A pull request by number or URL (`gh pr view`), or null with gh's complaint in <paramref name="problem"/>.</summary>
    public PullRequest? PrView(string pr, out string problem) =>
        View(["pr", "view", pr, "--json", "number,url,title,headRefName,headRefOid,baseRefName"], "pull request", out problem, root =>
            root.TryGetProperty("number", out var n) && n.TryGetInt32(out var number) && number > 0 && Text(root, "headRefName").Length > 0
                ? new PullRequest(number, Text(root, "url"), Text(root, "title"), Text(root, "headRefName"), Text(root, "headRefOid"), Text(root, "baseRefName"))
                : throw new System.Text.Json.JsonException("no number or head branch"));

    // What a `gh … view --json` printed, read by `read`; null with gh's complaint, or with what it printed when that was no such JSON.
    private T? View<T>(string[] args, string what, out string problem, Func<System.Text.Json.JsonElement, T> read)
    {
        problem = "";
        var r = Try(args);
        if (!r.Ok)
        {
            problem = ShortText.FirstLine(r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout, NoOutput);
            return default;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            return read(doc.RootElement);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            problem = $"gh {args[0]} view printed no {what} JSON ({ShortText.FirstLine(r.Stdout, NoOutput)})";
            return default;
        }
    }

    private static string Text(System.Text.Json.JsonElement root, string name) =>
        root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString()! : "";

    /// <summary>Adds a comment to a pull request (`gh pr comment`) and returns the comment's URL, or the PR's when gh prints none.</summary>
    public string Comment(PullRequest pr, string bodyFile)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var r = Run("pr", "comment", pr.Url.Length > 0 ? pr.Url : pr.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "--body-file", bodyFile);
        return Url(r.Stdout) ?? pr.Url;
    }

    /// <summary>Replaces the title and body of an existing PR.</summary>
    public void Edit(string url, string title, string bodyFile) =>
        Run("pr", "edit", url, "--title", title, "--body-file", bodyFile);

    private GitResult Run(params string[] args)
    {
        var r = Try(args);
        if (!r.Ok)
        {
            throw new GitException($"gh {string.Join(' ', args.Take(2))}", ShortText.FirstLine(r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout, NoOutput));
        }

        return r;
    }

    private GitResult Try(params string[] args)
    {
        // ias holds itself to the rules it puts on the agent: no command here may merge, delete or open a ready PR.
        if (refusal(args) is { } reason)
        {
            throw new InvalidOperationException($"ias tried a gh command ICE refuses: {reason}");
        }

        return GitProcess.Run(Executable, repoRoot, args, FixedEnvironment, _timeout, "gh");
    }

    private static string? Url(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("https://", StringComparison.Ordinal) || l.StartsWith("http://", StringComparison.Ordinal));
}
