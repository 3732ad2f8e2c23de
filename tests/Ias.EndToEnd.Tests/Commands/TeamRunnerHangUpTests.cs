using System.Globalization;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A runner of a team's shared PostgreSQL queue whose terminal closes mid-job, through the real ias.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TeamRunnerHangUpTests(PostgresClusterFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task A_runner_of_a_shared_queue_given_SIGHUP_mid_job_hands_it_back_to_pending_with_no_attempt_spent_and_says_it_stopped()
    {
        using var team = await TeamQueue.CreateAsync(postgres.CreateDatabase(), clones: 1);
        await team.ScenarioAsync("""{"fail": [{"role": "reviewer", "cycle": 1, "mode": "hang"}]}""");
        await team.EnqueueAsync("reviewer", "Review the greeting.");

        await using (var runner = team.Start(0, "run-loop", "--run", team.Run))
        {
            await runner.WaitForLineAsync("job 0001-reviewer agent session", Timeout);
            System.Diagnostics.Process.Start("kill", ["-HUP", runner.Pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit(10_000);
            Assert.Equal(1, await runner.ExitAsync(Timeout));
            Assert.Contains("job 0001-reviewer back to pending, its attempt not counted", runner.Stdout);
        }

        var status = await team.StatusAsync();
        var job = status["jobs"]!.AsArray().Single()!.AsObject();
        Assert.Equal(("pending", "handed_back"), ((string)job["state"]!, (string)job["history"]![0]!["outcome"]!));
        Assert.All(status["runners"]!.AsArray(), r => Assert.Equal("stopped", (string)r!["status"]!));

        await team.ScenarioAsync("{}");
        var next = await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        Assert.Contains("job 0001-reviewer started (reviewer, attempt 1 of 3)", next);
        Assert.Equal("done", (string)(await team.JobsAsync())["0001-reviewer"]["state"]!);
    }
}
