using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Decisions;

/// <summary>An agent asks a person with `ias ask`; the run waits, `ias answer` answers, and the agent goes on with the answer.</summary>
public sealed class DecisionTests
{
    private const string Question = "Greet in English or in French?";

    [Fact]
    public async Task An_agent_asks_the_run_waits_and_the_answer_reaches_its_next_prompt_and_the_run_completes()
    {
        using var repo = new TestRepo();
        var env = await AskingAsync(repo);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("waiting for a person");

        var listed = await repo.IasAsync("decisions", "--json");
        Assert.True(listed.Code == 0, listed.Out + listed.Err);
        var open = JsonDocument.Parse(listed.Out).RootElement;
        var asked = Assert.Single(open.EnumerateArray());
        Assert.Equal("D1", asked.GetProperty("id").GetString());
        Assert.Equal(Question, asked.GetProperty("question").GetString());
        var runId = asked.GetProperty("run").GetString()!;
        Assert.StartsWith(runId + "-p", asked.GetProperty("job").GetString(), StringComparison.Ordinal);
        Assert.True(asked.TryGetProperty("asked", out _));
        var waiting = State(repo);
        Assert.Equal("RUNNING", waiting.GetProperty("state").GetString());
        Assert.Equal("AWAITING_DECISION", waiting.GetProperty("phase").GetString());
        Assert.Equal("IMPLEMENT", waiting.GetProperty("resume_phase").GetString());
        var record = repo.WorkTree("feature/sprint-1", "docs", "ias", "decisions", $"{runId}-D1.md"); // in the run's worktree
        Assert.Contains(Question, await File.ReadAllTextAsync(record));
        Assert.DoesNotContain("## Answer", await File.ReadAllTextAsync(record));

        var answer = await repo.IasAsync("answer", "D1", "In French: Bonjour");
        Assert.True(answer.Code == 0, answer.Out + answer.Err);
        Assert.Equal(0, await engine.ExitAsync());

        // The implementer's next prompt carried the answer, its session was resumed, and it used the answer in its work.
        var resumed = Directory.GetDirectories(repo.File(".run", "jobs")).Select(d => Path.Combine(d, "prompt.md"))
            .Single(p => File.ReadAllText(p).Contains("The person answered your question (D1)", StringComparison.Ordinal));
        Assert.Contains($"\"{Question}\": In French: Bonjour", await File.ReadAllTextAsync(resumed));
        Assert.Contains("--resume", await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(resumed)!, "command")));
        Assert.Equal("In French: Bonjour\n", await repo.OnBranchAsync("sim/sprint-1/answer.txt"));

        // Neither a failure nor a cycle: the run took the two cycles it takes without a question.
        var done = State(repo);
        Assert.Equal("JACKED_OUT", done.GetProperty("state").GetString());
        Assert.Equal(2, done.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("[]", (await repo.IasAsync("decisions", "--json")).Out.Trim());

        // The record holds the question and the answer, and went into the run's commits.
        var text = await repo.OnBranchAsync($"docs/ias/decisions/{runId}-D1.md");
        Assert.Contains($"## Question\n\n{Question}\n\n## Answer\n\nIn French: Bonjour\n", text);
        Assert.False(Directory.Exists(repo.File("docs", "ias", "decisions")), "the person's checkout got no record");
        Assert.Contains("decision_requested", Events(repo));
    }

    [Fact]
    public async Task After_kill_9_while_waiting_resume_waits_again_and_an_answer_given_meanwhile_lets_it_go_straight_on()
    {
        using var repo = new TestRepo();
        var env = await AskingAsync(repo);
        await using (var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless"))
        {
            await engine.WaitForLineAsync("waiting for a person");
            engine.Kill9();
            await engine.ExitAsync();
        }

        // Still unanswered: the resumed engine goes back to waiting and starts no agent.
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs")).Length;
        await using (var resumed = IasProcess.Start(repo.Path, env, "run-resume"))
        {
            await resumed.WaitForLineAsync("continuing cycle 1 at AWAITING_DECISION");
            await resumed.WaitForLineAsync("waiting for a person");
            Assert.Equal(jobs, Directory.GetDirectories(repo.File(".run", "jobs")).Length);
            resumed.Kill9();
            await resumed.ExitAsync();
        }

        // Answered while no engine runs: the next resume goes straight on with the answer.
        var answer = await repo.IasAsync("answer", "D1", "English");
        Assert.True(answer.Code == 0, answer.Out + answer.Err);
        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.DoesNotContain("waiting for a person", resume.Out, StringComparison.Ordinal);
        Assert.Equal("English\n", await repo.OnBranchAsync("sim/sprint-1/answer.txt"));
        var done = State(repo);
        Assert.Equal("JACKED_OUT", done.GetProperty("state").GetString());
        Assert.Equal(2, done.GetProperty("cycles").GetProperty("current").GetInt32());
    }

    [Fact]
    public async Task A_question_unanswered_past_the_timeout_halts_the_run_saying_why_and_an_answer_then_resume_completes_it()
    {
        using var repo = new TestRepo();
        var config = await File.ReadAllTextAsync(repo.ConfigPath);
        await repo.SetConfigAsync(config + "ias:\n  decisions:\n    timeout_minutes: 0.02\n");
        var env = await AskingAsync(repo);

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 1, run.Out + run.Err);
        var halted = State(repo);
        Assert.Equal("HALTED", halted.GetProperty("state").GetString());
        Assert.Equal("AWAITING_DECISION", halted.GetProperty("phase").GetString());
        Assert.Equal(
            "question D1 went unanswered for 0.02 min (ias.decisions.timeout_minutes); answer it with `ias answer D1 \"…\"`, then `ias run-resume`",
            halted.GetProperty("halt_reason").GetString());
        Assert.Equal("closed", BreakerState(repo));

        Assert.Equal(0, (await repo.IasAsync("answer", "D1", "French")).Code);
        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Equal("French\n", await repo.OnBranchAsync("sim/sprint-1/answer.txt"));
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Answer_refuses_an_unknown_id_an_empty_answer_and_a_second_answer_with_one_line_each()
    {
        using var repo = new TestRepo();
        var none = await repo.IasAsync("answer", "D1", "yes");
        Assert.Equal(2, none.Code);
        Assert.Equal("ias: no decision D1: .run/ias.db does not exist, so no agent has asked anything here\n", none.Err);

        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var asked = new Ias.Core.Decisions.DecisionStore(store).Ask(new Ias.Core.Decisions.Decision(
                "", Question, DateTimeOffset.UtcNow, "run-x", "run-x-p1-c1-implement-a1", "IMPLEMENT", 1, "implementer", "s-1"));
            Ias.Core.Decisions.DecisionRecordFile.Write(repo.Path, asked); // recorded in the checkout, as a run of an older ias did
        }

        var unknown = await repo.IasAsync("answer", "D7", "yes");
        Assert.Equal(2, unknown.Code);
        Assert.Equal("ias: no decision D7 in .run/ias.db; `ias decisions` lists the open ones\n", unknown.Err);
        var empty = await repo.IasAsync("answer", "D1", "  ");
        Assert.Equal(2, empty.Code);
        Assert.Equal("ias: the answer to D1 is empty; give it in quotes: ias answer D1 \"…\"\n", empty.Err);

        Assert.Equal(0, (await repo.IasAsync("answer", "d1", "English")).Code);
        var again = await repo.IasAsync("answer", "D1", "French");
        Assert.Equal(2, again.Code);
        Assert.StartsWith("ias: decision D1 was already answered at ", again.Err, StringComparison.Ordinal);
        Assert.Single(again.Err.Trim().Split('\n'));
        Assert.Contains("## Answer\n\nEnglish\n", await File.ReadAllTextAsync(repo.File("docs", "ias", "decisions", "run-x-D1.md")));
    }

    [Fact]
    public async Task Ask_outside_an_agents_turn_says_it_works_only_inside_one()
    {
        using var repo = new TestRepo();
        var ask = await repo.IasAsync("ask", Question);
        Assert.Equal(2, ask.Code);
        Assert.Contains("works only inside an agent's turn", ask.Err, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> AskingAsync(TestRepo repo) =>
        await Scenario.WriteAsync(repo, $$"""{"ask": [{"role": "implementer", "cycle": 1, "question": {{JsonSerializer.Serialize(Question)}}}]}""");

    private static string? BreakerState(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement.GetProperty("state").GetString()?.ToLowerInvariant();

    private static JsonElement State(TestRepo repo) => JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    private static string Events(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var records = new RunRecords(store);
        return string.Join("\n", records.Events(records.CurrentRun()!.RunId).Select(e => $"{e.Kind} {e.Message}"));
    }
}
