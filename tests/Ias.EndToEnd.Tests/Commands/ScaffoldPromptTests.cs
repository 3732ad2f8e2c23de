using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// Through the real `ias` and the simulated agent: a Run Mode turn's prompt and a queue job's prompt open with the
/// sentence that names the scaffold when the repository has one (written here by `ias bootstrap`), and without one
/// they are as they always were.
/// </summary>
public sealed class ScaffoldPromptTests
{
    private const string Lead = "This repository has an ias scaffold for agents: read AGENTS.md, docs/ias/project-context.md, docs/ias/context/base-goal.md, docs/ias/process/ before you start; where they differ from this prompt, this prompt wins.\n\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_Run_Mode_turns_prompt_names_the_scaffold_only_when_the_repository_has_it(bool bootstrapped)
    {
        using var repo = new TestRepo();
        if (bootstrapped)
        {
            Assert.Equal(0, (await repo.IasAsync("bootstrap", "--yes")).Code);
            await StarterTexts.FillInAsync(repo.Path);
        }

        var run = await repo.IasAsync("run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        var implement = Directory.GetDirectories(repo.File(".run", "jobs"), "*-c1-implement-a1").Single();
        var prompt = await File.ReadAllTextAsync(Path.Combine(implement, "prompt.md"));
        Assert.Equal(bootstrapped, prompt.StartsWith(Lead + "You are the implementer", StringComparison.Ordinal));
        Assert.StartsWith(bootstrapped ? Lead : "You are the implementer", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_queue_jobs_prompt_names_the_scaffold_only_when_the_repository_has_it(bool bootstrapped)
    {
        using var repo = await QueueRepo.CreateAsync();
        if (bootstrapped)
        {
            await repo.OkAsync("bootstrap", "--yes");
        }

        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var prompt = await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "jobs", "0001-reviewer", "attempt-1", "prompt.md"));
        Assert.StartsWith((bootstrapped ? Lead : "") + "Review the greeting.", prompt, StringComparison.Ordinal);
    }
}
