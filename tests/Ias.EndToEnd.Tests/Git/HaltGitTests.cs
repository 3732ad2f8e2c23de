using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Halt: WIP commit, push, [INCOMPLETE] draft; and the git conditions a resume checks.</summary>
public sealed class HaltGitTests
{
    [Fact]
    public async Task A_forced_halt_commits_the_agents_work_as_wip_pushes_it_opens_an_incomplete_draft_and_resume_updates_it()
    {
        using var repo = new TestRepo();
        using var gh = new FakeGh();
        using var tools = new TempDir();
        var userHookSaw = tools.Combine("user-hook-saw");
        var userHook = $"#!/bin/sh\ncat >> '{userHookSaw}'\n";
        await File.WriteAllTextAsync(repo.File(".git", "hooks", "pre-push"), userHook);
        IceShim.MakeExecutable(repo.File(".git", "hooks", "pre-push"));
        // The first implement turn leaves work in the tree and hangs until the halt kills it; later turns finish.
        var mark = tools.Combine("hung-once");
        var claude = FakeClaude.Write(tools.Path, $"""
            if [ ! -f '{mark}' ]; then
              touch '{mark}'
              echo "half-done work" > wip.txt
              session
              sleep 60
            fi
            echo "cycle $IAS_CYCLE" > "work-$IAS_CYCLE.txt"
            session
            finish
            """);
        await repo.SetConfigAsync(FakeClaude.Config(claude));
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        var env = Env(gh.SearchPath);

        await using (var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless"))
        {
            await engine.WaitForLineAsync("agent session fake-1");
            AssertExit(0, await repo.IasAsync("run-halt", "--force", "--reason", "lunch"));
            Assert.Equal(1, await engine.ExitAsync());
            Assert.Contains("WIP: Run halted - lunch", engine.Stdout);
            Assert.Contains($"opened draft PR {FakeGh.Url}: [INCOMPLETE] Run Mode: sprint-1", engine.Stdout);
        }

        Assert.Equal(["WIP: Run halted - lunch"], await origin.SubjectsAsync("feature/sprint-1"));
        Assert.Equal("half-done work\n", await Shell.GitAsync(origin.Path, "show", "feature/sprint-1:wip.txt"));
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Contains("--draft", create);
        Assert.Equal("[INCOMPLETE] Run Mode: sprint-1", Arg(create, "--title"));
        Assert.Contains("**This draft is INCOMPLETE.**", gh.CreatedBody);
        Assert.Contains("lunch", gh.CreatedBody);
        var halted = State(repo);
        Assert.Equal("HALTED", halted.GetProperty("state").GetString());
        Assert.True(halted.GetProperty("pushed").GetBoolean());
        Assert.Equal(FakeGh.Url, halted.GetProperty("pr_url").GetString());
        Assert.Equal(userHook, await File.ReadAllTextAsync(repo.File(".git", "hooks", "pre-push")));
        // The engine's own push runs no hook at all: a user's hook may run a script from the tree, which the agent wrote.
        // (The hook saw the test's own push of main, before the run.)
        Assert.DoesNotContain("refs/heads/feature/sprint-1", await File.ReadAllTextAsync(userHookSaw), StringComparison.Ordinal);

        var resume = await repo.IasAsync(env, "run-resume", "--headless");

        AssertExit(0, resume);
        Assert.Contains($"updated draft PR {FakeGh.Url}: Run Mode: sprint-1", resume.Out);
        var edit = Assert.Single(gh.Calls, c => c is ["pr", "edit", ..]);
        Assert.Equal(FakeGh.Url, edit[2]);
        Assert.Equal("Run Mode: sprint-1", Arg(edit, "--title"));
        Assert.DoesNotContain("INCOMPLETE", gh.EditedBody);
        Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal((await Shell.GitAsync(repo.Path, "rev-parse", "feature/sprint-1")).Trim(), await origin.ShaAsync("feature/sprint-1"));
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
        Assert.Equal(userHook, await File.ReadAllTextAsync(repo.File(".git", "hooks", "pre-push")));
    }

    [Fact]
    public async Task A_breaker_trip_pushes_and_opens_an_incomplete_draft_naming_the_trip()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var env = Env(gh.SearchPath, await Scenario.WriteAsync(repo, """{"same_findings_always": true}"""));

        var run = await repo.IasAsync(env, "run", "sprint-1", "--headless");

        AssertExit(1, run);
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal("[INCOMPLETE] Run Mode: sprint-1", Arg(create, "--title"));
        Assert.Contains("circuit breaker: same finding hash", gh.CreatedBody);
        // Three cycles' commits, and the WIP commit of the halt: the last review's feedback goes with the draft.
        var subjects = await origin.SubjectsAsync("feature/sprint-1");
        Assert.Equal(4, subjects.Length);
        Assert.StartsWith("WIP: Run halted - circuit breaker", subjects[0]);
        Assert.Equal("HALTED", State(repo).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Resume_refuses_a_branch_that_diverged_from_its_upstream_unless_forced_and_never_force_pushes()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        using var clone = new TempDir();
        var halting = Env(gh.SearchPath, await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "mode": "auth"}]}"""));
        AssertExit(1, await repo.IasAsync(halting, "run", "sprint-1", "--headless"));
        Assert.NotNull(await origin.ShaAsync("feature/sprint-1"));

        // Someone else pushes to the run's branch while the run also gains a commit here.
        await Shell.GitAsync(clone.Path, "clone", "--quiet", "--branch", "feature/sprint-1", origin.Path, "c");
        await File.WriteAllTextAsync(clone.Combine("c", "theirs.txt"), "theirs\n");
        await Shell.GitAsync(clone.Combine("c"), "add", "theirs.txt");
        await Shell.GitAsync(clone.Combine("c"), "-c", "user.name=x", "-c", "user.email=x@x.invalid", "commit", "-qm", "their fix");
        await Shell.GitAsync(clone.Combine("c"), "push", "-q", "origin", "feature/sprint-1");
        var theirs = await origin.ShaAsync("feature/sprint-1");
        await File.WriteAllTextAsync(repo.WorkTree("feature/sprint-1", "mine.txt"), "mine\n"); // in the halted run's worktree
        await Shell.GitAsync(repo.WorkTree(), "add", "mine.txt");
        await Shell.GitAsync(repo.WorkTree(), "commit", "-qm", "my fix");

        var refused = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless");

        AssertExit(2, refused);
        Assert.Contains("have diverged (1 local, 1 remote commit(s))", refused.Err);
        Assert.Contains("--force", refused.Err);
        Assert.Equal("HALTED", State(repo).GetProperty("state").GetString());

        var forced = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless", "--force");

        AssertExit(3, forced); // passed, but its push is refused: not published
        Assert.Contains("continuing because of --force", forced.Out);
        Assert.Contains("push of feature/sprint-1 to origin failed", forced.Out);
        Assert.Equal(theirs, await origin.ShaAsync("feature/sprint-1")); // their commit survives: no force push, ever
        var state = State(repo);
        Assert.Equal("COMPLETE", state.GetProperty("state").GetString());
        Assert.False(state.GetProperty("pushed").GetBoolean());
    }

    [Fact]
    public async Task Resume_goes_on_in_the_runs_worktree_whatever_branch_the_checkout_is_on_and_switches_nothing()
    {
        using var repo = new TestRepo();
        var halting = await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "mode": "auth"}]}""");
        AssertExit(1, await repo.IasAsync(halting, "run", "sprint-1", "--headless"));
        await Shell.GitAsync(repo.Path, "switch", "-q", "-c", "feature/elsewhere");

        var r = await repo.IasAsync("run-resume", "--headless");

        AssertExit(0, r);
        Assert.Contains("the run works on feature/sprint-1 in ", r.Out);
        Assert.Equal("feature/elsewhere", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
        Assert.Contains("): COMPLETED", await Shell.GitAsync(repo.Path, "log", "--format=%s", "feature/sprint-1"));
    }
}
