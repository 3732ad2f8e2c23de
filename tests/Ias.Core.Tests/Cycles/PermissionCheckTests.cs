using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Tests.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>Pre-flight's permission check against real bare origins (reachable, missing, refusing) and a scripted gh.</summary>
public sealed class PermissionCheckTests
{
    private const string Branch = "feature/sprint-1";

    [Fact]
    public void A_reachable_origin_passes_for_a_branch_that_does_not_exist_yet_and_nothing_is_pushed()
    {
        using var o = new OriginRepo();
        var before = o.OriginRefs();

        Assert.Null(Check(o.Git).Problem(PushMode.Push, Branch, createDraftPr: false));
        Assert.Null(Check(o.Git).Problem(PushMode.Push, "feature/x", createDraftPr: false));
        Assert.Equal(before, o.OriginRefs());
    }

    [Fact]
    public void An_origin_that_does_not_exist_fails_with_gits_reason_and_both_ways_out()
    {
        using var o = new OriginRepo();
        o.Git.Run("remote", "set-url", "origin", "/nonexistent/origin.git");

        var line = Check(o.Git).Problem(PushMode.Push, Branch, createDraftPr: false);

        Assert.Equal(
            "cannot push feature/sprint-1 to origin (/nonexistent/origin.git): fatal: '/nonexistent/origin.git' does not appear to be a git repository; "
            + "fix access to it (or the branch on it), or pass --local to keep the work on this machine",
            line);
    }

    [Fact]
    public void Confirm_push_is_checked_as_a_push_and_local_asks_the_remote_nothing()
    {
        using var o = new OriginRepo();
        o.Git.Run("remote", "set-url", "origin", "/nonexistent/origin.git");

        Assert.NotNull(Check(o.Git).Problem(PushMode.Confirm, Branch, createDraftPr: false));
        Assert.Null(Check(o.Git, () => throw new InvalidOperationException("a local run must not look for gh")).Problem(PushMode.Local, Branch, createDraftPr: true));
    }

    [Fact]
    public void Without_an_origin_the_run_stays_local_as_the_publisher_keeps_it()
    {
        using var repo = new GitRepo();

        Assert.Null(Check(repo.Git).Problem(PushMode.Push, Branch, createDraftPr: true));
    }

    [Fact]
    public void A_remote_that_refuses_the_push_service_is_named_with_its_own_words()
    {
        using var o = new OriginRepo();
        using var bin = new TempDir();
        // What a hosted remote without write access does: it refuses git-receive-pack before any ref is advertised.
        var refuse = Script(bin, "refuse", "echo 'ERROR: Permission to acme/demo.git denied to ias-test.' >&2; exit 1");
        o.Git.Run("config", "remote.origin.receivepack", refuse);

        var line = Check(o.Git).Problem(PushMode.Push, Branch, createDraftPr: false);

        Assert.StartsWith($"cannot push feature/sprint-1 to origin ({o.BarePath}): ERROR: Permission to acme/demo.git denied to ias-test.;", line);
    }

    [Fact]
    public void A_branch_on_origin_with_work_this_repository_lacks_is_a_refused_push()
    {
        using var o = new OriginRepo();
        o.Git.Run("push", "--quiet", "origin", "feature/x");
        o.Git.Run("switch", "--quiet", "main");
        o.Git.Run("branch", "--quiet", "-D", "feature/x");

        var line = Check(o.Git).Problem(PushMode.Push, "feature/x", createDraftPr: false);

        // HEAD (main) stands in for the missing branch; git knows the remote's commit (origin/feature/x), so it says non-fast-forward.
        Assert.Contains("): ! [rejected]        HEAD -> feature/x (non-fast-forward); fix access", line);
    }

    [Fact]
    public void The_pre_push_hook_is_not_run_by_the_check()
    {
        using var o = new OriginRepo();
        var marker = Path.Combine(o.Repo.Path, "hook-ran");
        var hook = Path.Combine(o.Repo.Path, ".git", "hooks", "pre-push");
        File.WriteAllText(hook, $"#!/bin/sh\ntouch {ShellWords.Quote(marker)}\nexit 1\n");
        IceShim.MakeExecutable(hook);

        Assert.Null(Check(o.Git).Problem(PushMode.Push, Branch, createDraftPr: false));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Credentials_in_the_remote_url_are_redacted_from_the_line()
    {
        using var o = new OriginRepo();
        o.Git.Run("remote", "set-url", "origin", "https://ias:ghp_abcdefghijklmnopqrstuvwxyz0123456789@127.0.0.1:9/demo.git");

        var line = Check(o.Git).Problem(PushMode.Push, Branch, createDraftPr: false);

        Assert.StartsWith("cannot push feature/sprint-1 to origin (https://ias:[REDACTED]@127.0.0.1:9/demo.git): ", line);
        Assert.DoesNotContain("ghp_", line);
    }

    [Fact]
    public void Gh_not_signed_in_fails_with_gh_auth_login_when_a_draft_pr_will_be_opened()
    {
        using var o = new OriginRepo();
        using var bin = new TempDir();
        var gh = Gh(o, bin, "echo 'You are not logged into any GitHub hosts. To log in, run: gh auth login' >&2; exit 1");

        Assert.Equal(
            "gh is not signed in (You are not logged into any GitHub hosts. To log in, run: gh auth login): run `gh auth login`, or set run_mode.git.create_draft_pr: false, or pass --local",
            Check(o.Git, () => gh).Problem(PushMode.Push, Branch, createDraftPr: true));
        Assert.Null(Check(o.Git, () => gh).Problem(PushMode.Push, Branch, createDraftPr: false));
    }

    [Fact]
    public void Gh_signed_in_or_not_installed_passes()
    {
        using var o = new OriginRepo();
        using var bin = new TempDir();
        var gh = Gh(o, bin, "echo 'Logged in to github.com account ias-test'; exit 0");

        Assert.Null(Check(o.Git, () => gh).Problem(PushMode.Push, Branch, createDraftPr: true));
        Assert.Null(Check(o.Git, () => null).Problem(PushMode.Push, Branch, createDraftPr: true));
    }

    private static PermissionCheck Check(GitCli git, Func<GhCli?>? findGh = null) =>
        new(git, findGh ?? (() => null), SecretRedactor.Patterns);

    private static GhCli Gh(OriginRepo o, TempDir bin, string body) =>
        new(o.Repo.Path, Script(bin, "gh", body), _ => null);

    private static string Script(TempDir bin, string name, string body)
    {
        var path = bin.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        IceShim.MakeExecutable(path);
        return path;
    }
}
