using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Pre-flight refuses a run that could not publish (origin unreachable or refusing, gh signed out) before any agent is called.</summary>
public sealed class PreflightPermissionTests
{
    private const string MissingOrigin = "/nonexistent/ias-origin.git";

    [Fact]
    public async Task An_origin_that_does_not_exist_stops_the_run_before_any_agent_call()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "remote", "add", "origin", MissingOrigin);
        var head = await HeadAsync(repo);

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-1", "--headless");

        AssertExit(2, run);
        Assert.Contains(
            $"cannot push feature/sprint-1 to origin ({MissingOrigin}): fatal: '{MissingOrigin}' does not appear to be a git repository; fix access to it (or the branch on it), or pass --local to keep the work on this machine",
            run.Err);
        await AssertUntouchedAsync(repo, head);
    }

    [Fact]
    public async Task A_remote_that_refuses_pushing_stops_the_run_with_the_remotes_words()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var bin = new TempDir();
        // A hosted remote without write access refuses git-receive-pack itself, which even a dry run asks for.
        var refuse = bin.Combine("refuse");
        await File.WriteAllTextAsync(refuse, "#!/bin/sh\necho 'ERROR: Permission to acme/demo.git denied to ias-test.' >&2\nexit 1\n");
        IceShim.MakeExecutable(refuse);
        await Shell.GitAsync(repo.Path, "config", "remote.origin.receivepack", refuse);
        var head = await HeadAsync(repo);

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-1", "--headless");

        AssertExit(2, run);
        Assert.Contains($"cannot push feature/sprint-1 to origin ({origin.Path}): ERROR: Permission to acme/demo.git denied to ias-test.; fix access", run.Err);
        await AssertUntouchedAsync(repo, head);
        Assert.Null(await origin.ShaAsync("feature/sprint-1"));
    }

    [Fact]
    public async Task Local_runs_fine_with_a_broken_origin()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "remote", "add", "origin", MissingOrigin);

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-1", "--headless", "--local");

        AssertExit(0, run);
        Assert.Contains("local run: no push, no PR", run.Out);
    }

    [Fact]
    public async Task Gh_not_signed_in_stops_a_run_that_would_open_a_draft_pr()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh(authenticated: false);
        var head = await HeadAsync(repo);

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless");

        AssertExit(2, run);
        Assert.Contains("gh is not signed in (You are not logged into any GitHub hosts. To log in, run: gh auth login): run `gh auth login`, or set run_mode.git.create_draft_pr: false, or pass --local", run.Err);
        await AssertUntouchedAsync(repo, head);
        Assert.DoesNotContain(gh.Calls, c => c is ["pr", ..]);
    }

    [Fact]
    public async Task A_dry_run_checks_the_remote_too()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "remote", "add", "origin", MissingOrigin);

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-1", "--dry-run");

        AssertExit(2, run);
        Assert.Contains($"cannot push feature/sprint-1 to origin ({MissingOrigin})", run.Err);
        Assert.DoesNotContain("pre-flight passed", run.Out);
    }

    [Fact]
    public async Task A_sprint_plan_and_a_bug_run_are_stopped_before_their_first_agent_call()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "remote", "add", "origin", MissingOrigin);
        var head = await HeadAsync(repo);

        var plan = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-plan", "--headless");
        var bug = await repo.IasAsync(Env(PathWithoutGh()), "run", "--bug", "Greeting is empty for blank names", "--headless");

        AssertExit(2, plan);
        Assert.Contains("cannot push feature/sprint-plan-", plan.Err);
        Assert.False(File.Exists(repo.File(".run", "sprint-plan-state.json")));
        AssertExit(2, bug);
        Assert.Contains("cannot push bugfix/", bug.Err);
        Assert.False(Directory.Exists(repo.File(".run", "bugs")) && Directory.EnumerateFileSystemEntries(repo.File(".run", "bugs")).Any());
        await AssertUntouchedAsync(repo, head);
    }

    private static async Task<string> HeadAsync(TestRepo repo) => (await Shell.GitAsync(repo.Path, "rev-parse", "HEAD")).Trim();

    /// <summary>No agent ran (no job folder), no commit was made and the checkout stayed on main.</summary>
    private static async Task AssertUntouchedAsync(TestRepo repo, string head)
    {
        Assert.False(Directory.Exists(repo.File(".run", "jobs")));
        Assert.Equal(head, await HeadAsync(repo));
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "branch", "--list", "feature/*", "bugfix/*")).Trim());
    }
}
