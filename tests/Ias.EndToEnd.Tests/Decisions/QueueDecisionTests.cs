using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Commands;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Decisions;

/// <summary>
/// A queue job's agent asks a person with `ias ask`: the job blocks without failing or holding the runner, `ias answer`
/// lets it go on, and its agent's session resumes with the answer; through the real `ias`, the simulated agent and real git.
/// </summary>
public sealed class QueueDecisionTests
{
    private const string Question = "Greet in English or in French?";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_jobs_question_blocks_it_the_runner_goes_on_and_the_answer_resumes_its_session_with_the_answer_on_top()
    {
        using var repo = await QueueRepo.CreateAsync();
        await AskingAsync(repo, "implementer");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("implementer", "Log the greeting.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);

        // The question neither failed the job nor stopped the runner: the read-only job ran, the writing one behind it waits
        // (the asker's half-done work is its own), and the asking attempt is on record but not counted against retries.
        Assert.Contains($"job 0001-implementer blocked: its agent asks a person (D1): {Question}; answer with `ias answer D1 \"…\"`", runner.Stdout);
        var jobs = await repo.JobsAsync();
        Assert.Equal(("blocked", 1), ((string)jobs["0001-implementer"]["state"]!, (int)jobs["0001-implementer"]["attempts"]!));
        Assert.Equal("asked", (string)jobs["0001-implementer"]["history"]![0]!["outcome"]!);
        Assert.Equal("done", (string)jobs["0002-reviewer"]["state"]!);
        Assert.Equal("pending", (string)jobs["0003-implementer"]["state"]!);
        Assert.True(File.Exists(Path.Combine(repo.RunnerDir, "queue", "blocked", "0001-implementer.json")));
        await repo.AssertMirrorAgreesAsync();

        var open = JsonNode.Parse(await repo.OkAsync("decisions", "--json"))!.AsArray();
        var asked = Assert.Single(open)!;
        Assert.Equal(("D1", Question, "night", "0001-implementer", "JOB", 1), ((string)asked["id"]!, (string)asked["question"]!, (string)asked["run"]!, (string)asked["job"]!, (string)asked["phase"]!, (int)asked["cycle"]!));
        Assert.Contains("D1  asked ", await repo.OkAsync("decisions"));
        Assert.Contains("by the implementer of night (job 0001-implementer, attempt 1)", await repo.OkAsync("decisions"));
        var status = await repo.OkAsync("status", "--run", repo.Run);
        Assert.Contains("pending 1 · running 0 · blocked 1 · done 1 · failed 0", status);
        Assert.Matches(@"\n  0001-implementer +blocked +attempts 1 .* asks D1: ", status);
        Assert.Contains($"asks D1: {Question}; answer with `ias answer D1 \"…\"`", status);
        // The writing job behind it says why it waits, which its state alone (pending) does not.
        Assert.Matches(@"\n  0003-implementer +pending +attempts 0 +held back behind 0001-implementer, which waits for an answer \(`ias decisions`\)\n", status);
        // The record is kept in the run's worktree, where the job's commit takes it; the checkout has none.
        Assert.Contains("by the implementer of night (job 0001-implementer, attempt 1)", await File.ReadAllTextAsync(Path.Combine(repo.WorkTree, "docs", "ias", "decisions", "night-D1.md")));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "docs", "ias", "decisions")));

        var answer = await repo.OkAsync("answer", "D1", "In French: Bonjour");
        Assert.Contains("job 0001-implementer of night goes on with it", answer);
        Assert.Equal(0, await runner.ExitAsync(Timeout));

        // The second attempt resumed the session that asked, its prompt headed by the answer, and its work followed it.
        jobs = await repo.JobsAsync();
        Assert.All(jobs.Values, j => Assert.Equal("done", (string)j["state"]!));
        Assert.Equal(["asked", "done"], jobs["0001-implementer"]["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        var attempt = Path.Combine(repo.RunnerDir, "jobs", "0001-implementer", "attempt-2");
        Assert.StartsWith($"# Answers to your questions\nThe person answered your question (D1) \"{Question}\": In French: Bonjour\n", await File.ReadAllTextAsync(Path.Combine(attempt, "prompt.md")));
        Assert.Contains("--resume", await File.ReadAllTextAsync(Path.Combine(attempt, "command")));
        Assert.Contains("job 0001-implementer started (implementer, attempt 1 of 3) with the answer to D1", runner.Stdout);
        Assert.Equal("In French: Bonjour\n", await DemoTests.Git(repo.Path, "show", $"{repo.Branch}:sim/night/answer.txt"));

        // The asker's commit came before the writing job that waited behind it, and took the decision's record with it.
        var commits = (await DemoTests.Git(repo.Path, "log", "--format=%s", $"main..{repo.Branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, commits.Length);
        Assert.StartsWith("feat(night): job 0003-implementer", commits[0], StringComparison.Ordinal);
        Assert.StartsWith("feat(night): job 0001-implementer", commits[1], StringComparison.Ordinal);
        Assert.Contains("docs/ias/decisions/night-D1.md", jobs["0001-implementer"]["evidence"]!["changed_files"]!.AsArray().Select(f => (string)f!));
        Assert.Contains($"## Answer\n\nIn French: Bonjour\n", await DemoTests.Git(repo.Path, "show", $"{repo.Branch}:docs/ias/decisions/night-D1.md"));
        Assert.Equal("[]", (await repo.OkAsync("decisions", "--json")).Trim());
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_runner_killed_while_a_job_waits_loses_nothing_and_the_next_runner_resumes_it_with_the_answer_given_meanwhile()
    {
        using var repo = await QueueRepo.CreateAsync();
        await AskingAsync(repo, "reviewer");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        await using (var runner = repo.Start("run-loop", "--run", repo.Run))
        {
            await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);
            runner.Kill9();
            await runner.ExitAsync(Timeout);
        }

        // Recovery returns running jobs only: the blocked one and its question stay as they were.
        Assert.DoesNotContain("back to pending", await repo.OkAsync("recover", "--run", repo.Run));
        var status = await repo.OkAsync("status", "--run", repo.Run);
        Assert.Contains("runner not running", status);
        Assert.Matches(@"\n  0001-reviewer +blocked +attempts 1 .* asks D1: ", status);
        Assert.Single(JsonNode.Parse(await repo.OkAsync("decisions", "--json"))!.AsArray());

        await repo.OkAsync("answer", "D1", "English");
        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job 0001-reviewer started (reviewer, attempt 1 of 3) with the answer to D1", loop);
        var job = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal(("done", 2), ((string)job["state"]!, (int)job["attempts"]!));
        var attempt = Path.Combine(repo.RunnerDir, "jobs", "0001-reviewer", "attempt-2");
        Assert.Contains($"The person answered your question (D1) \"{Question}\": English", await File.ReadAllTextAsync(Path.Combine(attempt, "prompt.md")));
        Assert.Contains("--resume", await File.ReadAllTextAsync(Path.Combine(attempt, "command")));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_question_unanswered_past_the_timeout_fails_the_job_saying_why_and_an_answer_then_retry_failed_completes_it()
    {
        using var repo = await QueueRepo.CreateAsync(iasYaml: "  decisions:\n    timeout_minutes: 0.02\n");
        await AskingAsync(repo, "reviewer");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        const string Why = "question D1 went unanswered for 0.02 min (ias.decisions.timeout_minutes); answer it with `ias answer D1 \"…\"`, then `ias retry-failed --run night`";
        Assert.Contains($"job 0001-reviewer failed: {Why}", loop);
        var failed = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal(("failed", "unanswered", Why), ((string)failed["state"]!, (string)failed["failure"]!, (string)failed["reason"]!));

        // The question stays open for its answer; the retried job takes the answer, and resumes the session that asked.
        await repo.OkAsync("answer", "D1", "English");
        await repo.OkAsync("retry-failed", "--run", repo.Run);
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        var job = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal("done", (string)job["state"]!);
        var attempt = Path.Combine(repo.RunnerDir, "jobs", "0001-reviewer", "attempt-2");
        Assert.Contains($"The person answered your question (D1) \"{Question}\": English", await File.ReadAllTextAsync(Path.Combine(attempt, "prompt.md")));
        Assert.Contains("--resume", await File.ReadAllTextAsync(Path.Combine(attempt, "command")));
        await repo.AssertMirrorAgreesAsync();
    }

    private static Task AskingAsync(QueueRepo repo, string role) =>
        repo.ScenarioAsync($$"""{"ask": [{"role": "{{role}}", "cycle": 1, "question": {{JsonSerializer.Serialize(Question)}}}]}""");
}
