using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Git;

/// <summary>
/// Push only the feature branch (network failures retried), then a draft PR through gh when it is installed
/// and signed in (<c>findGh</c> gives it, held to ICE's rules, once the push is done); otherwise the PR's title and body wait
/// in `.run/pr.md`. Every outcome is reported in one line.
/// </summary>
public sealed class Publisher(
    GitCli git,
    RunPaths paths,
    TimeProvider clock,
    Action<string> report,
    Func<string, bool?>? confirm,
    Func<GhCli?> findGh,
    TimeSpan? retryDelay = null)
{
    public const string Remote = "origin";

    /// <summary>The priority: --local, then --confirm-push, then run_mode.git.auto_push (true by default).</summary>
    public static PushMode ModeFor(bool local, bool confirmPush, AutoPush autoPush) =>
        local ? PushMode.Local
        : confirmPush ? PushMode.Confirm
        : autoPush switch
        {
            AutoPush.False => PushMode.Local,
            AutoPush.Prompt => PushMode.Confirm,
            _ => PushMode.Push,
        };

    /// <summary>`.run/pr.md` (or its lane's), the PR as a person would paste it.</summary>
    public static string PrFile(RunPaths paths) => Path.Combine(paths.LaneDir, "pr.md");

    public PublishOutcome Publish(PublishRequest request)
    {
        var branch = request.Branch;
        var bodyFile = Path.Combine(paths.LaneDir, "pr-body.md");
        AtomicFile.Write(PrFile(paths), request.Text.Markdown);
        AtomicFile.Write(bodyFile, request.Text.Body);
        var kept = $"the work stays on branch {branch} and the PR text is in {paths.Display(PrFile(paths))}";

        if (request.Mode == PushMode.Local)
        {
            report($"local run: no push, no PR — {kept}");
            return PublishOutcome.Nothing;
        }

        if (!request.HasCommits)
        {
            report($"no commits on {branch} yet: nothing to push and no PR to open");
            return PublishOutcome.Nothing;
        }

        if (!git.HasRemote(Remote))
        {
            report($"no remote named {Remote}: nothing pushed, no PR — {kept}; add one, then `git push -u {Remote} {branch}`");
            return PublishOutcome.Nothing;
        }

        if (request.Mode == PushMode.Confirm && Ask(request) is { } declined)
        {
            report($"{declined} — {kept}; push later with `git push -u {Remote} {branch}`");
            return PublishOutcome.Nothing;
        }

        try
        {
            var pipeline = PushRetry.Pipeline(clock, retryDelay ?? TimeSpan.FromSeconds(2), (attempt, wait, message) =>
                report(string.Create(CultureInfo.InvariantCulture, $"push failed ({message}); attempt {attempt} of {PushRetry.Attempts} in {wait.TotalSeconds:0.#}s")));
            pipeline.Execute(() => git.Push(Remote, branch));
        }
        catch (GitException e)
        {
            report($"push of {branch} to {Remote} failed: {e.GitMessage}; fix that, then `ias run-resume` pushes again ({kept})");
            return new PublishOutcome(false, false, null, e.GitMessage) { NotPublished = $"the push of {branch} to {Remote} was refused: {e.GitMessage}" };
        }

        report($"pushed {branch} to {Remote}");
        if (!request.CreateDraftPr)
        {
            report($"run_mode.git.create_draft_pr is false: no PR opened ({kept})");
            return new PublishOutcome(true, false, null, null);
        }

        return OpenDraft(branch, request.BaseBranch, request.Text, bodyFile, kept);
    }

    /// <summary>
    /// Opens the draft PR of <paramref name="branch"/>, pushed already, with <paramref name="bodyFile"/> (the text's body) through
    /// gh, or updates the one open for it; says in one line what it did, or why not, ending with <paramref name="kept"/>.
    /// </summary>
    public PublishOutcome OpenDraft(string branch, string baseBranch, PullRequestText text, string bodyFile, string kept)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pushed = new PublishOutcome(true, false, null, null);
        if (findGh() is not { } gh)
        {
            var passed = EngineTools.Passed("gh", Environment.GetEnvironmentVariable("PATH") ?? "");
            report(passed is not null
                ? $"no PR was opened: {passed}; {kept}"
                : $"gh is not installed, so no PR was opened: {kept}; open the draft by hand or install gh");
            return pushed with { NotPublished = passed is not null ? $"no draft PR was opened: {passed}" : "gh is not installed, so no draft PR was opened: install gh, or open the draft by hand" };
        }

        if (!gh.IsAuthenticated(out var problem))
        {
            report($"gh is not signed in ({problem}), so no PR was opened: {kept}; run `gh auth login`, then open the draft by hand");
            return pushed with { NotPublished = $"gh is not signed in ({problem}), so no draft PR was opened: run `gh auth login`, or open the draft by hand" };
        }

        try
        {
            if (gh.OpenPrUrl(branch) is { } existing)
            {
                gh.Edit(existing, text.Title, bodyFile);
                report($"updated draft PR {existing}: {text.Title}");
                return pushed with { PrCreated = true, PrUrl = existing };
            }

            var url = gh.CreateDraft(branch, baseBranch, text.Title, bodyFile);
            report($"opened draft PR {url}: {text.Title}");
            return pushed with { PrCreated = true, PrUrl = url };
        }
        catch (GitException e)
        {
            report($"gh could not open the draft PR ({e.GitMessage}): {kept}");
            return pushed with { PrError = e.GitMessage, NotPublished = $"gh could not open the draft PR: {e.GitMessage}" };
        }
    }

    /// <summary>Asks before any remote operation; returns why nothing is pushed, or null to go ahead.</summary>
    private string? Ask(PublishRequest request)
    {
        var question = $"""
            --confirm-push: about to push {request.Branch} to {Remote} and open a draft PR "{request.Text.Title}".
            {(request.ChangeSummary.Length > 0 ? request.ChangeSummary : "(no change summary)")}
            Push and open the draft PR? [y/N]
            """;
        return confirm?.Invoke(question) switch
        {
            true => null,
            false => "kept local as you answered: no push, no PR",
            null => "--confirm-push with no terminal to ask: treated as no, so nothing was pushed",
        };
    }
}
