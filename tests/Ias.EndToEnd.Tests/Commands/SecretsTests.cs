using System.Text;
using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety.Secrets;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;
using Ias.SimAgent;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Keys and tokens an agent prints never reach the job logs, the database or the screen.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task Keys_and_tokens_an_agent_prints_are_redacted_in_job_logs_events_the_database_and_the_dashboard_log()
    {
        using var repo = new TestRepo();

        // The agent's environment is an allowlist: the user lets these two in, and what the agent prints of them is redacted.
        await repo.SetConfigAsync(await File.ReadAllTextAsync(repo.ConfigPath) + "ias:\n  sandbox:\n    allow: [IAS_PROOF_API_KEY, IAS_PROOF_TOKEN]\n");
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "leak"}, {"role": "reviewer", "mode": "leak"}]}""");
        var apiKey = "proof-" + Guid.NewGuid().ToString("N");
        const string OddToken = "odd\"token/with+chars-4711";
        env["IAS_PROOF_API_KEY"] = apiKey;
        env["IAS_PROOF_TOKEN"] = OddToken;
        string[] secrets = [.. SimulatedAgent.LeakedKeys, apiKey, OddToken, JsonEncodedText.Encode(OddToken).Value];

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        AssertClean("ias run output", run.Out + run.Err, secrets);

        // Raw logs and the database files, byte for byte (the WAL included).
        foreach (var file in Directory.EnumerateFiles(repo.File(".run"), "*", SearchOption.AllDirectories))
        {
            AssertClean(file, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), secrets);
        }

        var jobs = Directory.GetDirectories(repo.File(".run", "jobs"));
        var leaked = jobs.Where(j => j.Contains("-c1-implement-") || j.Contains("-review-")).ToList();
        Assert.True(leaked.Count >= 3, string.Join(", ", jobs)); // implement in cycle 1, review in cycles 1 and 2
        foreach (var job in leaked)
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(job, "stdout.jsonl"));
            Assert.All(lines, line => JsonDocument.Parse(line).Dispose()); // still valid stream-json
            Assert.Contains(lines, line => line.Contains(SecretRedactor.Mark, StringComparison.Ordinal));
            Assert.Contains(SecretRedactor.Mark, await File.ReadAllTextAsync(Path.Combine(job, "stderr.log")));

            // What the dashboard's log pane reads.
            var log = new JobLog(job);
            log.Poll();
            var shown = string.Join("\n", log.Lines.Select(l => l.Text));
            AssertClean($"JobLog of {job}", shown, secrets);
            Assert.Contains("Found keys [REDACTED] [REDACTED] [REDACTED] [REDACTED] [REDACTED] and IAS_PROOF_API_KEY=[REDACTED] IAS_PROOF_TOKEN=[REDACTED]", shown);
            Assert.Contains("→ Bash curl -H 'Authorization: Bearer [REDACTED]' -H 'x-api-key: [REDACTED]'", shown);
        }

        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var runs = new RunRecords(store);
        var events = runs.Events(runs.CurrentRun()!.RunId);
        Assert.Contains(events, e => e.Kind == "assistant" && e.Message.StartsWith("Found keys [REDACTED]", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "tool" && e.Message.Contains("Bearer [REDACTED]", StringComparison.Ordinal));
        AssertClean("events", string.Join("\n", events.Select(e => e.Message)), secrets);
    }

    private static void AssertClean(string where, string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} holds the secret {secret}");
        }
    }
}
