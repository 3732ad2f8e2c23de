using System.Net;
using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// `ias dashboard` on a team's shared queue (PostgreSQL): a runner on one machine runs the jobs with the simulated agent,
/// and the dashboard on ANOTHER machine, whose own .run/ias.db knows nothing of them, shows them from the database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedQueueDashboardTests(PostgresClusterFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task The_dashboard_on_another_machine_shows_the_shared_queues_jobs_done_with_their_tokens_and_the_runners_host()
    {
        Tmux.AssertInstalled();
        using var team = await TeamQueue.CreateAsync(postgres.CreateDatabase(), clones: 2);
        await team.EnqueueAsync("reviewer", "Review the greeting.");
        await team.EnqueueAsync("auditor", "Audit the greeting.");

        await using var runner = team.Start(0, "run-loop", "--run", team.Run);
        using var tmux = Tmux.Start(160, 40, team.Clones[1], team.Env, "dashboard");

        var owner = $"pid {runner.Pid} on {Dns.GetHostName()} in {team.Clones[0]}";
        var done = await tmux.WaitForAsync(
            s => s.Contains("ias  IDLE  │ queue run night │ 2 done", StringComparison.Ordinal) && s.Contains($"1 runner(s) active: {owner}", StringComparison.Ordinal),
            "both jobs done and the other machine's runner idle in the header", Timeout);
        Assert.True(Regex.IsMatch(done, @"✓ 0001-reviewer .* \d[\d.]*k?/\d[\d.]*k? tok \$\d.* ran elsewhere"), done);
        Assert.True(Regex.IsMatch(done, @"✓ 0002-auditor .* tok \$\d.* ran elsewhere"), done);

        // The selected job's attempt ran on the other machine: the log pane says so instead of showing nothing.
        Assert.Contains("no log in this checkout: it ran elsewhere", done);

        // The runs list lists the shared store's run, which this checkout's database never held.
        tmux.Keys("l");
        await tmux.WaitForAsync(s => Regex.IsMatch(s, @"night .*2 done"), "the shared run in the runs list", Timeout);
        tmux.Keys("Escape");

        await team.OkAsync(0, "stop", "--run", team.Run);
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        await tmux.WaitForAsync(s => s.Contains("no runner active", StringComparison.Ordinal), "the stopped runner gone from the header", Timeout);
        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
    }

    [PostgresFact]
    public async Task The_inbox_on_another_machine_lists_the_shared_queues_question_with_the_asking_host_and_enter_answers_it()
    {
        Tmux.AssertInstalled();
        using var team = await TeamQueue.CreateAsync(postgres.CreateDatabase(), clones: 2);
        await team.ScenarioAsync("""{"ask": [{"role": "auditor", "cycle": 1, "question": "Greet in English or in French?"}]}""");
        await team.EnqueueAsync("auditor", "Audit the greeting.");
        await using var runner = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);

        using var tmux = Tmux.Start(160, 40, team.Clones[1], team.Env, "dashboard", "--no-report");
        await tmux.WaitForAsync("a answer", Timeout);
        tmux.Keys("i");
        var inbox = await tmux.WaitForAsync("inbox - enter answers", Timeout);
        Assert.Matches($@"Q1 +\S+ +auditor of queue run {Regex.Escape(team.Run)} · job 0001-auditor, attempt 1 on {Regex.Escape(Dns.GetHostName())}", inbox);

        tmux.Keys("Enter");
        await tmux.WaitForAsync("Q1 asks: Greet in English or in French? answer: _", Timeout);
        tmux.Keys("French", "Enter");
        await tmux.WaitForAsync($"answered Q1; the agent goes on with it at its runner on {Dns.GetHostName()}", Timeout);

        // The runner on the machine that asked takes the answer and hands it to its agent.
        Assert.True(await runner.ExitAsync(Timeout) == 0, $"run-loop failed\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");
        var prompt = await File.ReadAllTextAsync(Path.Combine(new Ias.Core.Jobs.Records.QueuePaths(team.Clones[0], team.Run).JobDir("0001-auditor"), "prompt.md"));
        Assert.Contains("(Q1) \"Greet in English or in French?\": French", prompt, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_dashboard_whose_shared_queue_cannot_be_reached_at_start_says_so_in_one_line()
    {
        Tmux.AssertInstalled();
        using var team = await TeamQueue.CreateAsync(postgres.CreateDatabase(), clones: 1);
        var env = new Dictionary<string, string>(team.Env) { [Ias.Core.Jobs.Postgres.PostgresQueueStore.ConnectionVariable] = "Host=/nonexistent-socket-dir;Database=ias;Username=ias" };
        using var tmux = Tmux.Start(200, 12, team.Clones[0], env, "dashboard");

        var screen = await tmux.WaitForAsync(s => s.Contains("[exited ", StringComparison.Ordinal), "the dashboard to refuse", Timeout);
        var said = screen.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, said.Count);
        Assert.StartsWith("ias: cannot use the shared queue at ", said[0]);
        Assert.Contains("check IAS_QUEUE_CONNECTION", said[0]);
        Assert.Matches(@"^\[exited [1-9]\d*\]$", said[1]);
    }
}
