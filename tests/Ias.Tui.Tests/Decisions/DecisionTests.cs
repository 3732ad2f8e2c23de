using System.Text.Json;
using Ias.Core.Cycles;
using Ias.Core.Storage;
using Ias.Tui.Tests.Commands;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Decisions;

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
        var record = repo.File("docs", "ias", "decisions", $"{runId}-D1.md");
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
        Assert.Equal("In French: Bonjour\n", await File.ReadAllTextAsync(repo.File("sim", "sprint-1", "answer.txt")));

        // Neither a failure nor a cycle: the run took the two cycles it takes without a question.
        var done = State(repo);
        Assert.Equal("JACKED_OUT", done.GetProperty("state").GetString());
        Assert.Equal(2, done.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("[]", (await repo.IasAsync("decisions", "--json")).Out.Trim());

        // The record holds the question and the answer, and went into the run's commits.
        var text = await File.ReadAllTextAsync(record);
        Assert.Contains($"## Question\n\n{Question}\n\n## Answer\n\nIn French: Bonjour\n", text);
        Assert.Contains($"docs/ias/decisions/{runId}-D1.md", await DemoTests.Git(repo.Path, "ls-files", "docs"));
        Assert.Contains("decision_requested", Events(repo));
    }

    private static async Task<Dictionary<string, string>> AskingAsync(TestRepo repo) =>
        await Scenario.WriteAsync(repo, $$"""{"ask": [{"role": "implementer", "cycle": 1, "question": {{JsonSerializer.Serialize(Question)}}}]}""");

    private static JsonElement State(TestRepo repo) => JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    private static string Events(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var records = new RunRecords(store);
        return string.Join("\n", records.Events(records.CurrentRun()!.RunId).Select(e => $"{e.Kind} {e.Message}"));
    }
}
