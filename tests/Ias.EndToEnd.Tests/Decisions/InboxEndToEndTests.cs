using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Decisions;

/// <summary>i in the real dashboard: a sprint's question and a queue job's question in one inbox, the newer one answered from it.</summary>
public sealed class InboxEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public InboxEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task The_inbox_lists_the_sprints_and_the_queue_jobs_questions_and_enter_answers_the_selected_one_only()
    {
        using var repo = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: sim }\nrun_mode:\n  enabled: true\n");
        await repo.ScenarioAsync("""
            {"ask": [{"role": "implementer", "cycle": 1, "question": "Tabs or spaces?"},
                     {"role": "auditor", "cycle": 1, "question": "Greet in English or in French?"}]}
            """);
        using var tmux = Tmux.Start(120, 40, repo.Path, repo.Env, "run", "sprint-1", "--yes");
        await tmux.WaitForAsync("a answer", Timeout);

        // The sprint's implementer asked first (D1); a queue job's auditor asks next (D2), its runner going on meanwhile.
        await repo.EnqueueAsync("auditor", "Audit the greeting.");
        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);
        await tmux.WaitForAsync("2 questions", Timeout);

        tmux.Keys("i");
        var inbox = await tmux.WaitForAsync("inbox - enter answers", Timeout);
        Assert.Matches(@"D1 +\d+m +implementer of run-\S+ · IMPLEMENT, cycle 1", inbox);
        Assert.Matches(@"D2 +\d+m +auditor of queue run night · job 0001-auditor, attempt 1", inbox);
        Assert.True(inbox.IndexOf("Tabs or spaces?", StringComparison.Ordinal) < inbox.IndexOf("Greet in English or in French?", StringComparison.Ordinal), inbox);

        tmux.Keys("j");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("D2 asks: Greet in English or in French? answer: _", Timeout);
        tmux.Keys("French", "Enter");
        await tmux.WaitForAsync("answered D2", Timeout);

        var open = JsonNode.Parse(await repo.OkAsync("decisions", "--json"))!.AsArray();
        Assert.Equal("D1", (string)Assert.Single(open)!["id"]!);
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        var left = await tmux.WaitForAsync(s => !s.Contains("D2 ", StringComparison.Ordinal) && s.Contains("1 question waits", StringComparison.Ordinal), "D2 gone from the inbox", Timeout);
        Assert.Contains("Tabs or spaces?", left);

        // The sprint still waits for D1; answered, it runs to its end, and the inbox says none is left.
        await repo.OkAsync("answer", "D1", "spaces");
        await tmux.WaitForAsync("no question waits for an answer", Timeout);
        tmux.Keys("Escape");
        await tmux.WaitForAsync(" DONE ", Timeout);
    }
}
