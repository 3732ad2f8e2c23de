using System.Net;
using System.Text.Json.Nodes;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using Npgsql;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A shared queue's questions under ias.data_policy: the text stays in the checkout that asked.</summary>
public sealed partial class TeamQueueTests
{
    [PostgresFact]
    public async Task Under_metadata_only_another_checkout_sees_the_question_withheld_and_where_to_read_it_yet_the_asking_agent_gets_it_in_full()
    {
        const string Question = "Greet ACME Corp by name?";
        using var team = await TeamAsync(machines: 2, queueYaml: "  data_policy:\n    mode: metadata_only\n    allowlist: [intake.rawContent, decision.answer]\n");
        using var gh = new FakeGh();
        team.SearchPath = gh.SearchPath;
        await team.ScenarioAsync($$"""{"ask": [{"role": "implementer", "cycle": 1, "question": "{{Question}}"}]}""");
        await team.EnqueueAsync("implementer", "Build the greeting.");

        await using var runner = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);

        await using (var db = new NpgsqlConnection(team.Connection))
        {
            await db.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT question FROM queue_decisions;", db);
            Assert.StartsWith("[withheld: decision.question, sha256:", (string)(await read.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        var listed = await team.OkAsync(1, "decisions");
        Assert.DoesNotContain("ACME", listed, StringComparison.Ordinal);
        Assert.Contains("[withheld: decision.question, sha256:", listed, StringComparison.Ordinal);
        Assert.Contains($"read it on {Dns.GetHostName()} in {team.Clones[0]}/docs/ias/decisions/{team.Run}-Q1.md", listed, StringComparison.Ordinal);
        var asked = Assert.Single(JsonNode.Parse(await team.OkAsync(1, "decisions", "--json"))!.AsArray())!;
        Assert.Equal(Dns.GetHostName(), (string?)asked["host"]);

        await team.OkAsync(1, "answer", "Q1", "Yes, by name");
        Assert.True(await runner.ExitAsync(Timeout) == 0, $"run-loop failed\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");

        // The resumed agent's prompt held the question in full with the answer, and so does the record its commit took.
        var prompt = await File.ReadAllTextAsync(Path.Combine(new QueuePaths(team.Clones[0], team.Run).JobDir("0001-implementer"), "prompt.md"));
        Assert.Contains($"(Q1) \"{Question}\": Yes, by name", prompt, StringComparison.Ordinal);
        var branch = $"ias/{team.Run}/0001-implementer";
        var record = await team.RemoteGitAsync("show", $"{branch}:docs/ias/decisions/{team.Run}-Q1.md");
        Assert.Contains($"## Question\n\n{Question}\n\n## Answer\n\nYes, by name\n", record, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Without_the_shared_queue_ias_decisions_still_lists_the_checkouts_own_questions_and_says_in_one_line_why_not_the_teams()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        using (var store = RunStore.Open(new RunPaths(team.Clones[0]).Database))
        {
            // A question of the checkout's own, as a Run Mode step records it.
            new DecisionStore(store).Ask(new Decision("", "Keep the old greeting?", DateTimeOffset.UtcNow, "run-1", "job-1", "IMPLEMENT", 1, "implementer", null));
        }

        var env = new Dictionary<string, string>(team.Env) { [PostgresQueueStore.ConnectionVariable] = "Host=/nonexistent-socket-dir;Database=ias;Username=ias" };
        var (code, stdout, stderr) = await IasProcess.RunAsync(team.Clones[0], env, "decisions");

        Assert.Equal(2, code);
        Assert.Contains("D1  asked", stdout, StringComparison.Ordinal);
        Assert.Contains("Keep the old greeting?", stdout, StringComparison.Ordinal);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ias: the shared queue's questions are not listed: cannot use the shared queue at ", line, StringComparison.Ordinal);
    }
}
