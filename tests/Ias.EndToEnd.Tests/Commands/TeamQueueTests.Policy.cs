using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Npgsql;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A team's queue has one data policy, held in its database, and every checkout writes under it.</summary>
public sealed partial class TeamQueueTests
{
    private const string MetadataOnly = "  data_policy:\n    mode: metadata_only\n    allowlist: [intake.rawContent]\n";

    [PostgresFact]
    public async Task The_first_runner_sets_the_queues_data_policy_and_an_internal_ok_checkout_follows_it_told_in_one_line()
    {
        using var team = await TeamAsync(machines: 2, queueYaml: "");
        // Machine 0 says metadata_only; machine 1 keeps the default, internal_ok.
        await File.AppendAllTextAsync(Path.Combine(team.Clones[0], ".loa.config.yaml"), MetadataOnly);
        await TeamQueue.GitAsync(team.Clones[0], "commit", "--quiet", "-am", "metadata_only here");

        var first = await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        Assert.Contains("the shared queue's data policy is metadata_only (allowlist: intake.rawContent)", first, StringComparison.Ordinal);

        var enqueued = await team.IasAsync(1, "enqueue", "--run", team.Run, "--role", "reviewer", "--prompt", "Review the greeting.");
        Assert.True(enqueued.Code == 0, enqueued.Err);
        var told = Assert.Single(enqueued.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ias: warning: this checkout's ias.data_policy is internal_ok, the shared queue's is metadata_only (allowlist: intake.rawContent) (set by pid ", told, StringComparison.Ordinal);
        Assert.Contains("what this checkout writes to the queue follows the queue's policy", told, StringComparison.Ordinal);

        var ran = await team.IasAsync(1, "run-loop", "--run", team.Run, "--stop-when-idle");
        Assert.True(ran.Code == 0, $"{ran.Out}\n{ran.Err}");
        Assert.Contains("job 0001-reviewer done", ran.Out, StringComparison.Ordinal);
        Assert.Single(ran.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("follows the queue's policy", StringComparison.Ordinal));

        // What machine 1 wrote is as machine 0's policy has it: no URL, the agent's summary only as its marker.
        await using var db = new NpgsqlConnection(team.Connection);
        await db.OpenAsync();
        await using (var read = new NpgsqlCommand("SELECT repo_url, reason FROM queue_jobs WHERE id = '0001-reviewer';", db))
        await using (var row = await read.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync());
            Assert.True(row.IsDBNull(0));
            Assert.StartsWith("[withheld: job.summary, sha256:", row.GetString(1), StringComparison.Ordinal);
        }

        // A question of the queue's answered from machine 1: the policy keeps no answer, so none is written, and it says so.
        await using (var ask = new NpgsqlCommand(
            """
            INSERT INTO queue_decisions (run, job, repo, host, checkout, phase, cycle, role, question, asked)
            VALUES ('night', '0001-reviewer', 'sha256:x', 'elsewhere', '/srv/elsewhere', 'JOB', 1, 'reviewer', '[withheld: decision.question, sha256:000000000000]', now());
            """,
            db))
        {
            await ask.ExecuteNonQueryAsync();
        }

        var answered = await team.IasAsync(1, "answer", "Q1", "Yes, ACME by name");
        Assert.NotEqual(0, answered.Code);
        var lines = answered.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("follows the queue's policy", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("the shared queue's data policy is metadata_only (allowlist: intake.rawContent), without decision.answer, so it may not hold the answer to Q1", StringComparison.Ordinal));
        await using var answer = new NpgsqlCommand("SELECT count(*) FROM queue_decisions WHERE answer IS NOT NULL;", db);
        Assert.Equal(0L, (long)(await answer.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task New_run_with_a_data_policy_sets_the_queues_once_and_a_different_one_later_is_refused_in_one_line()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");

        var set = await team.OkAsync(0, "new-run", "day", "--data-policy", "metadata_only");
        Assert.Contains("the shared queue's data policy is metadata_only (allowlist: repo.label, intake.title, intake.rawContent), for every checkout that writes to it", set, StringComparison.Ordinal);

        var again = await team.IasAsync(0, "new-run", "evening", "--data-policy", "internal_ok");
        Assert.Equal(2, again.Code);
        var lines = again.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("ias: the shared queue's data policy is metadata_only (allowlist: repo.label, intake.title, intake.rawContent) already (set by ias new-run day on ", StringComparison.Ordinal)
            && l.EndsWith("and a queue has one policy, set once: leave --data-policy out", StringComparison.Ordinal));
        Assert.NotEqual(0, (await team.IasAsync(0, "status", "--run", "evening")).Code);
    }
}
