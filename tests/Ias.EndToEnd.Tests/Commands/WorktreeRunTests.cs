using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A sprint through the real ias works in a worktree of its own: the person's checkout is never switched or written.</summary>
public sealed class WorktreeRunTests
{
    [Fact]
    public async Task A_sprint_leaves_the_checkout_its_branch_head_edit_and_untracked_file_while_it_runs_and_after()
    {
        using var repo = new TestRepo();
        var (env, release) = await repo.PersonsEditsAndHeldImplementerAsync();
        var before = repo.Checkout();
        var head = before.Head[..7];

        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync($"your uncommitted changes are not part of this run; it starts from main at {head}");
        await engine.WaitForLineAsync("implementer (sim) started");
        Assert.Equal(before, repo.Checkout()); // sampled while the agent works
        await File.WriteAllTextAsync(release, "");

        Assert.Equal(0, await engine.ExitAsync());
        Assert.Equal(before, repo.Checkout());
        AssertEnded(repo, before.Head);
    }

    [Fact]
    public async Task A_sprint_killed_mid_turn_resumes_in_its_worktree_to_the_same_end_and_the_checkout_stays_as_it_was()
    {
        using var repo = new TestRepo();
        var (env, release) = await repo.PersonsEditsAndHeldImplementerAsync();
        var before = repo.Checkout();
        await using (var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless"))
        {
            await engine.WaitForLineAsync("implementer (sim) started");
            engine.Kill9();
            await engine.ExitAsync();
        }

        Assert.Equal(before, repo.Checkout());
        var listed = await repo.IasAsync("worktrees");
        Assert.True(listed.Code == 0, listed.Out + listed.Err);
        Assert.StartsWith("feature-sprint-1 ", listed.Out, StringComparison.Ordinal); // kept for the resume, as `ias worktrees` shows
        Assert.Contains(repo.WorkTree(), listed.Out, StringComparison.Ordinal);
        await File.WriteAllTextAsync(release, "");

        var resume = await repo.IasAsync(env, "run-resume");

        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Contains("the run works on feature/sprint-1 in ", resume.Out);
        Assert.Equal(before, repo.Checkout());
        AssertEnded(repo, before.Head);
    }

    [Fact]
    public async Task A_sprint_on_the_branch_the_person_has_checked_out_is_refused_in_one_line_before_anything_changes()
    {
        using var repo = new TestRepo();
        await DemoTests.Git(repo.Path, "switch", "--quiet", "-c", "feature/sprint-1");
        await File.WriteAllTextAsync(repo.File("notes.txt"), "my unsaved work");

        var refused = await repo.IasAsync("run", "sprint-1", "--headless");

        Assert.Equal(2, refused.Code);
        Assert.Equal($"ias: feature/sprint-1 is checked out in {repo.Path}; switch that checkout to another branch (`git switch -`) and run again: a run works in a worktree of its own", refused.Err.Trim());
        Assert.DoesNotContain("ias/worktrees", await DemoTests.Git(repo.Path, "worktree", "list"));
        Assert.Equal("my unsaved work", await File.ReadAllTextAsync(repo.File("notes.txt")));
        Assert.Equal("feature/sprint-1", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
    }

    // The run ended on its own branch, from the checkout's commit, and gave its worktree back.
    private static void AssertEnded(TestRepo repo, string head)
    {
        var git = new Ias.Core.Git.GitCli(repo.Path);
        Assert.Equal("JACKED_OUT", JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement.GetProperty("state").GetString());
        Assert.Contains("): COMPLETED", git.Run("log", "--format=%s", $"{head}..feature/sprint-1"));
        Assert.DoesNotContain("ias/worktrees", git.Run("worktree", "list"));
    }
}
