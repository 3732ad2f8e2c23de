using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A team's shared queue through the real ias: runners in clones of one remote, each clone a machine, on one PostgreSQL
/// database; every writing job ends as one commit on its own branch ias/RUN/JOB on the remote, whoever ran it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class TeamQueueTests(PostgresClusterFixture postgres, Memo<string> uninterrupted, ITestOutputHelper output)
    : IClassFixture<Memo<string>>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Writing and read-only jobs in turn; the implementer's files follow from the job alone (its number and the run),
    // so whoever runs a job makes the same commit.
    private static readonly (string Role, string Prompt)[] Jobs =
    [
        ("implementer", "Build the greeting."),
        ("reviewer", "Review the greeting."),
        ("implementer", "Validate the name."),
        ("auditor", "Audit the validation."),
        ("implementer", "Log the greeting."),
        ("reviewer", "Review the logging."),
        ("implementer", "Document the greeting."),
        ("auditor", "Audit the documentation."),
        ("implementer", "Translate the greeting."),
    ];

    [PostgresFact]
    public async Task Three_runners_on_three_machines_run_one_queue_each_job_once_each_writing_job_one_commit_on_its_own_branch()
    {
        var expected = await ReferenceAsync();
        using var team = await TeamAsync(machines: 3, queueYaml: "");
        // The first three jobs wait for a file, so each runner holds one of them at the same time.
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new
        {
            hold_file = hold,
            fail = new[] { Hold("implementer", 1), Hold("reviewer", 2), Hold("implementer", 3) },
        }));
        await EnqueueAllAsync(team);

        var runners = Enumerable.Range(0, 3).Select(i => team.Start(i, "run-loop", "--run", team.Run, "--stop-when-idle")).ToList();
        try
        {
            var owners = await Task.WhenAll(runners.Select(r => LineAsync(r, OwnerLine())));
            var held = await Task.WhenAll(runners.Select(r => LineAsync(r, StartedLine())));
            Assert.True(held.Order(StringComparer.Ordinal).SequenceEqual(["0001-implementer", "0002-reviewer", "0003-implementer"]),
                $"the runners hold {string.Join(", ", held)}\n{string.Join("\n", runners.Select((r, i) => $"runner {i}: {r.Stdout}{r.Stderr}"))}");

            // Any machine's status shows the whole team: each runner by pid, host and checkout, on the job it holds.
            var text = await team.OkAsync(1, "status", "--run", team.Run);
            Assert.Contains("shared queue · 3 runner(s) active", text);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal($"pid {runners[i].Pid} on {Dns.GetHostName()} in {team.Clones[i]}", owners[i]);
                Assert.Contains($"  runner {owners[i]}: job {held[i]} ", text);
            }

            var listed = (await team.StatusAsync(2))["runners"]!.AsArray()
                .Select(r => ((string)r!["owner"]!, (string)r["status"]!, (string?)r["current_job"]))
                .OrderBy(r => r.Item1, StringComparer.Ordinal);
            Assert.Equal(owners.Select((o, i) => (o, "running", (string?)held[i])).OrderBy(r => r.o, StringComparer.Ordinal), listed);

            await File.WriteAllTextAsync(hold, "");
            foreach (var runner in runners)
            {
                Assert.True(await runner.ExitAsync(Timeout) == 0, $"run-loop failed\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");
            }
        }
        finally
        {
            foreach (var runner in runners)
            {
                await runner.DisposeAsync();
            }
        }

        var actual = await FinalStateAsync(team, "three runners");
        Assert.True(expected == actual, $"the team ended\n{actual}\none runner alone ends\n{expected}");
        Assert.All(runners, r => Assert.Contains($"queue of {team.Run} is empty", r.Stdout));
        var done = runners.Select(r => DoneLine().Matches(r.Stdout).Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(Ids(), done.SelectMany(d => d).Order(StringComparer.Ordinal));
        var after = await team.OkAsync(0, "status", "--run", team.Run);
        Assert.All(team.Clones, clone => Assert.Contains($" on {Dns.GetHostName()} in {clone}: stopped", after));
    }

    [PostgresFact]
    public async Task Ias_stop_in_a_checkout_with_no_runner_of_its_own_stops_every_runner_of_the_team_after_its_job()
    {
        using var team = await TeamAsync(machines: 3, queueYaml: "");
        await using var first = team.Start(0, "run-loop", "--run", team.Run);
        await using var second = team.Start(1, "run-loop", "--run", team.Run);
        // Each says it started once its row is written, with the stops asked so far, which it does not obey.
        var owners = new[] { await LineAsync(first, OwnerLine()), await LineAsync(second, OwnerLine()) };

        // The third machine, a person's, runs no runner: its stop goes to the team's.
        var stop = await team.IasAsync(2, "stop", "--run", team.Run);

        Assert.True(stop.Code == 0, $"ias stop: exit {stop.Code}\nstdout: {stop.Out}\nstderr: {stop.Err}");
        Assert.StartsWith($"stop sent to the 2 runner(s) of {team.Run} (", stop.Out, StringComparison.Ordinal);
        Assert.All(owners, o => Assert.Contains(o, stop.Out, StringComparison.Ordinal));
        foreach (var runner in new[] { first, second })
        {
            Assert.True(await runner.ExitAsync(Timeout) == 0, $"the runner did not stop\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");
            Assert.Contains($"runner of {team.Run} stopped on request after 0 job(s)", runner.Stdout);
        }

        var again = await team.IasAsync(2, "stop", "--run", team.Run);
        Assert.Equal((1, $"no runner of the team is working on {team.Run}: nothing to stop\n"), (again.Code, again.Out));
    }

    [PostgresFact]
    public async Task A_runner_started_after_ias_stop_goes_on_while_the_runner_it_was_asked_of_stops_after_its_job_and_a_later_stop_stops_it()
    {
        using var team = await TeamAsync(machines: 3, queueYaml: "");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        await team.EnqueueAsync("reviewer", Jobs[1].Prompt);
        await using var first = team.Start(0, "run-loop", "--run", team.Run);
        var owner = await LineAsync(first, OwnerLine());
        await first.WaitForLineAsync("job 0001-implementer agent session", Timeout);
        var stop = await team.IasAsync(2, "stop", "--run", team.Run);
        Assert.True(stop.Code == 0, $"ias stop: exit {stop.Code}\nstdout: {stop.Out}\nstderr: {stop.Err}");

        // Started on another machine after the stop, the second runner does not obey it, nor end it for the first.
        await using var second = team.Start(1, "run-loop", "--run", team.Run);
        var later = await LineAsync(second, OwnerLine());
        await second.WaitForLineAsync("job 0002-reviewer done: ", Timeout);
        Assert.True((bool)(await team.StatusAsync(2))["stop_requested"]!, "the stop no longer pending while the runner it was asked of works");
        var status = Lines(await team.OkAsync(2, "status", "--run", team.Run));
        Assert.EndsWith(" · stops after its job", status.Single(l => l.StartsWith($"  runner {owner}: job 0001-implementer (as of ", StringComparison.Ordinal)));
        Assert.DoesNotContain("stops after", status.Single(l => l.StartsWith($"  runner {later}: ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("stop requested: 1 runner(s) stop after their current job; a runner started since goes on", status);

        await File.WriteAllTextAsync(hold, "");
        Assert.True(await first.ExitAsync(Timeout) == 0, $"the runner the stop was asked of did not stop\nstdout: {first.Stdout}\nstderr: {first.Stderr}");
        Assert.Contains($"runner of {team.Run} stopped on request after 1 job(s)", first.Stdout);
        Assert.DoesNotContain("stop requested", await team.OkAsync(2, "status", "--run", team.Run), StringComparison.Ordinal);
        Assert.False((bool)(await team.StatusAsync(2))["stop_requested"]!);

        // The second runner is still at work: a stop asked now is sent to it, and it stops.
        var again = await team.IasAsync(2, "stop", "--run", team.Run);
        Assert.Equal((0, $"stop sent to the 1 runner(s) of {team.Run} ({later}); each stops after its current job\n"), (again.Code, again.Out));
        Assert.True(await second.ExitAsync(Timeout) == 0, $"the later runner did not stop\nstdout: {second.Stdout}\nstderr: {second.Stderr}");
        Assert.Contains($"runner of {team.Run} stopped on request after 1 job(s)", second.Stdout);
    }

    [PostgresFact]
    public async Task A_runner_killed_mid_writing_job_leaves_the_checkout_on_main_and_the_next_runner_ends_the_job_in_its_worktree()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        await team.EnqueueAsync("implementer", Jobs[2].Prompt);
        const string Job = "0001-implementer";
        var tree = Path.Combine(team.Clones[0], ".git", "ias", "worktrees", $"ias-{team.Run}-{Job}");

        await using (var killed = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle"))
        {
            await killed.WaitForLineAsync($"job {Job} agent session", Timeout);
            // The job works in a worktree of its own branch; the checkout never leaves main.
            Assert.Equal($"ias/{team.Run}/{Job}", (await TeamQueue.GitAsync(tree, "branch", "--show-current")).Trim());
            Assert.Equal("main", (await TeamQueue.GitAsync(team.Clones[0], "branch", "--show-current")).Trim());
            killed.Kill9();
            await killed.ExitAsync(Timeout);
        }

        // The runner started again gives the dead one's job back and ends it in the worktree the job left; once done and
        // pushed the worktree is given back, and the person enqueues in the checkout as before.
        await File.WriteAllTextAsync(hold, "");
        await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        Assert.Equal("main", (await TeamQueue.GitAsync(team.Clones[0], "branch", "--show-current")).Trim());
        Assert.All((await team.JobsAsync()).Values, j => Assert.Equal("done", (string)j["state"]!));
        Assert.Contains($"job {Job}", await TeamQueue.GitAsync(team.Clones[0], "log", "-1", "--format=%s", $"origin/ias/{team.Run}/{Job}"));
        Assert.False(Directory.Exists(tree), "the done job's worktree is given back");
        Assert.Contains("enqueued 0003-reviewer", await team.EnqueueAsync("reviewer", Jobs[1].Prompt));
    }

    [PostgresFact]
    public async Task A_killed_runner_reads_as_lost_once_a_lease_passes_without_its_heartbeat_and_one_working_past_its_lease_as_running()
    {
        // A twelve-second lease, renewed every four; each agent waits for a file, so each runner holds its job past a lease.
        using var team = await TeamAsync(machines: 2, queueYaml: "    lease_minutes: 0.2\n");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1), Hold("reviewer", 2) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        await team.EnqueueAsync("reviewer", Jobs[1].Prompt);

        await using var working = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        var alive = await LineAsync(working, OwnerLine());
        await working.WaitForLineAsync("job 0001-implementer agent session", Timeout);
        await using var killed = team.Start(1, "run-loop", "--run", team.Run, "--stop-when-idle");
        var gone = await LineAsync(killed, OwnerLine());
        await killed.WaitForLineAsync("job 0002-reviewer agent session", Timeout);
        killed.Kill9();
        await killed.ExitAsync(Timeout);

        // The killed runner's row was last written after the other's claim, so once it reads as lost the other has held its
        // job for longer than a lease: only its heartbeats keep it from reading as lost too.
        var lost = $"  runner {gone}: lost (no heartbeat since ";
        var text = await team.OkAsync(0, "status", "--run", team.Run);
        for (var asked = Stopwatch.StartNew(); !text.Contains(lost, StringComparison.Ordinal); text = await team.OkAsync(0, "status", "--run", team.Run))
        {
            Assert.True(asked.Elapsed < Timeout, $"the killed runner never read as lost:\n{text}");
        }

        Assert.Contains("shared queue · 1 runner(s) active", text);
        Assert.Contains($"  runner {alive}: job 0001-implementer (as of ", text);
        var runners = (await team.StatusAsync(1))["runners"]!.AsArray().ToDictionary(r => (string)r!["owner"]!, r => ((string)r!["status"]!, (string?)r["current_job"]));
        Assert.Equal(("running", "0001-implementer"), runners[alive]);
        Assert.Equal(("lost", "0002-reviewer"), runners[gone]);

        // Let go, the working runner finishes its job and the lost one's, and says it stopped.
        await File.WriteAllTextAsync(hold, "");
        Assert.True(await working.ExitAsync(Timeout) == 0, $"the working runner failed\nstdout: {working.Stdout}\nstderr: {working.Stderr}");
        var after = await team.OkAsync(1, "status", "--run", team.Run);
        Assert.Contains($"  runner {alive}: stopped (as of ", after);
        Assert.Contains(lost, after);
    }

    [PostgresFact]
    public async Task A_runner_that_stood_still_past_its_lease_and_finds_its_job_done_by_the_runner_that_took_it_over_writes_its_result_as_lost()
    {
        using var team = await TeamAsync(machines: 2, queueYaml: "    lease_minutes: 0.05\n");
        const string Job = "0001-implementer";
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);

        // Machine 0's fetches wait while the test holds a lock, as a runner frozen or stuck on the network would stand still.
        var gate = team.Outside("fetch.lock");
        await TeamQueue.GitAsync(team.Clones[0], "config", "remote.origin.uploadpack", $"flock '{gate}' git-upload-pack");
        IasProcess? stood = null;
        try
        {
            using (new FileStream(gate, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                stood = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
                await stood.WaitForLineAsync($"job {Job} started (implementer, attempt 1 of 3)", Timeout);

                // Its lease runs out while it waits to fetch the job's base: machine 1 takes the job over, pushes and records it.
                var other = await team.IasAsync(1, "run-loop", "--run", team.Run, "--stop-when-idle");
                Assert.True(other.Code == 0, $"the other runner failed\nstdout: {other.Out}\nstderr: {other.Err}");
                Assert.Contains($"job {Job} started (implementer, attempt 2 of 3)", other.Out);
                Assert.Contains($"job {Job} done: 1 commit(s)", other.Out);
            }

            // Let go, it finds the job's commit on the remote, and its completion is refused.
            Assert.True(await stood.ExitAsync(Timeout) == 0, $"the runner that stood still failed\nstdout: {stood.Stdout}\nstderr: {stood.Stderr}");
            Assert.Contains($"job {Job}: another claim took the lease before it finished; the result is not recorded", stood.Stdout);
            Assert.DoesNotContain($"job {Job} done", stood.Stdout);
        }
        finally
        {
            if (stood is not null)
            {
                await stood.DisposeAsync();
            }
        }

        var result = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(team.Clones[0], "docs", "ias", "runs", team.Run, "runner", "jobs", Job, "result.json")))!;
        Assert.Equal(("lost", false), ((string)result["outcome"]!, (bool)result["success"]!));
        var job = (await team.JobsAsync(1))[Job];
        Assert.Equal(("done", 2L), ((string)job["state"]!, (long)job["generation"]!));
    }

    /// <summary>Where a runner is stopped with SIGSTOP: as soon as it says it took the job, or once its agent runs.</summary>
    [PostgresTheory]
    [InlineData("started (implementer, attempt 1 of 3)")]
    [InlineData("agent session")]
    public async Task A_runner_frozen_while_it_holds_a_job_is_taken_over_after_its_lease_and_records_nothing_when_it_wakes(string moment)
    {
        // A three-second lease, renewed each second; the agent waits for a file, so the frozen runner's job cannot end first.
        using var team = await TeamAsync(machines: 2, queueYaml: "    lease_minutes: 0.05\n");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        const string Job = "0001-implementer";

        await using var frozen = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        var owner = await LineAsync(frozen, OwnerLine());
        await frozen.WaitForLineAsync($"job {Job} {moment}", Timeout);
        Signal("STOP", frozen.Pid);
        try
        {
            await File.WriteAllTextAsync(hold, "");
            await using var other = team.Start(1, "run-loop", "--run", team.Run, "--stop-when-idle");
            Assert.True(await other.ExitAsync(Timeout) == 0, $"the other runner failed\nstdout: {other.Stdout}\nstderr: {other.Stderr}");
            Assert.Contains($"job {Job} started (implementer, attempt 2 of 3)", other.Stdout);
            Assert.Contains($"job {Job} done: 1 commit(s)", other.Stdout);
        }
        finally
        {
            Signal("CONT", frozen.Pid);
        }

        Assert.True(await frozen.ExitAsync(Timeout) == 0, $"the woken runner failed\nstdout: {frozen.Stdout}\nstderr: {frozen.Stderr}");
        Assert.True(frozen.Stdout.Contains($"job {Job}: another claim took the lease", StringComparison.Ordinal) && !frozen.Stdout.Contains($"job {Job} done", StringComparison.Ordinal),
            $"the woken runner must say it lost the job and record nothing; it said\n{frozen.Stdout}");

        var job = (await team.JobsAsync(1))[Job];
        Assert.Equal(("done", 2, 2L), ((string)job["state"]!, (int)job["attempts"]!, (long)job["generation"]!));
        var history = job["history"]!.AsArray();
        Assert.Equal(["lease_expired", "done"], history.Select(h => (string)h!["outcome"]!));
        Assert.StartsWith($"lease of {owner} expired", (string)history[0]!["reason"]!);

        // The one commit on the job's branch is the other machine's, and the job's evidence names it.
        var branch = $"ias/{team.Run}/{Job}";
        Assert.Equal([branch, "main"], await team.RemoteBranchesAsync());
        var commits = Lines(await team.RemoteGitAsync("rev-list", $"main..{branch}"));
        Assert.Single(commits);
        Assert.Equal((await team.RemoteGitAsync("rev-parse", "main")).Trim(), (await team.RemoteGitAsync("rev-parse", $"{branch}^")).Trim());
        Assert.Equal(commits[0], (await TeamQueue.GitAsync(team.Clones[1], "rev-parse", branch)).Trim());
        Assert.Equal([commits[0]], job["evidence"]!["commits"]!.AsArray().Select(c => (string)c!));
    }

    [PostgresFact]
    public async Task A_runner_whose_connection_the_server_ends_says_so_once_rides_it_out_and_finishes_its_job_in_the_same_attempt()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "    lease_minutes: 0.05\n");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        const string Job = "0001-implementer";

        await using (var cut = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle"))
        {
            await cut.WaitForLineAsync($"job {Job} agent session", Timeout);
            // What a restarted server or a dropped network does to the runner's session; its next heartbeat finds out.
            Admin(team, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();");

            await cut.WaitForLineAsync("runner of night: its database is back after ", Timeout);
            await File.WriteAllTextAsync(hold, "");
            Assert.True(await cut.ExitAsync(Timeout) == 0, $"the runner should ride the outage out\nstdout: {cut.Stdout}\nstderr: {cut.Stderr}");
            Assert.Single(Lines(cut.Stdout), l => l.StartsWith("runner of night lost its database (", StringComparison.Ordinal));
            Assert.Contains($"job {Job} done: 1 commit(s)", cut.Stdout);
            Assert.Equal("", cut.Stderr);
        }

        // The agent's turn, paid for before the connection was cut, is the job's one attempt.
        var job = (await team.JobsAsync())[Job];
        Assert.Equal(["done"], job["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.Single(Lines(await team.RemoteGitAsync("rev-list", $"main..ias/{team.Run}/{Job}")));
    }

    [PostgresFact]
    public async Task During_an_outage_ias_status_shows_the_runner_riding_it_out_beside_the_connection_error()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "    lease_minutes: 0.05\n");
        var hold = team.Outside("hold");
        await team.ScenarioAsync(JsonSerializer.Serialize(new { hold_file = hold, fail = new[] { Hold("implementer", 1) } }));
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(team.Connection).Database;

        await using (var runner = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle"))
        {
            await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
            // The database refuses every connection until it is let back: the runner's next heartbeat finds it gone.
            Admin(team, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';", database: "postgres");
            await runner.WaitForLineAsync("runner of night lost its database (", Timeout);

            var status = await team.IasAsync(0, "status", "--run", team.Run);

            Assert.NotEqual(0, status.Code);
            Assert.StartsWith($"queue run {team.Run}: the runner lost its database at ", status.Out);
            Assert.Contains("it keeps its job's work and tries again until ", status.Out);
            Assert.StartsWith("ias: ", status.Err);

            Admin(team, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true;", database: "postgres");
            await runner.WaitForLineAsync("runner of night: its database is back after ", Timeout);
            await File.WriteAllTextAsync(hold, "");
            Assert.True(await runner.ExitAsync(Timeout) == 0, $"the runner should ride the outage out\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");
        }
    }

    private static void Admin(TeamQueue team, string sql, string? database = null)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(team.Connection) { Pooling = false };
        if (database is not null)
        {
            connection.Database = database;
        }

        using var admin = new Npgsql.NpgsqlConnection(connection.ConnectionString);
        admin.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }

    [PostgresFact]
    public async Task A_writing_jobs_pushed_branch_gets_a_draft_pr_whose_url_is_its_evidence_and_a_read_only_job_opens_none()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        using var gh = new FakeGh();
        team.SearchPath = gh.SearchPath;
        await team.EnqueueAsync("implementer", "Build the greeting.");
        await team.EnqueueAsync("reviewer", "Review the greeting.");

        var loop = await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");

        var jobs = await team.JobsAsync();
        var branch = $"ias/{team.Run}/0001-implementer";
        Assert.Equal(FakeGh.Url, (string?)jobs["0001-implementer"]["evidence"]!["pr_url"]);
        Assert.Null((string?)jobs["0002-reviewer"]["evidence"]!["pr_url"]);
        Assert.Contains($"job 0001-implementer: opened draft PR {FakeGh.Url}: Queue {team.Run}: job 0001-implementer (implementer)", loop);
        var create = Assert.Single(gh.Calls, c => c[..2] is ["pr", "create"]);
        Assert.Equal(["pr", "create", "--draft", "--head", branch, "--base", "main"], create[..7]);

        // The body names the job, the very commit its branch holds on the remote and the files it changed; pr.md keeps it all.
        var sha = (await team.RemoteGitAsync("rev-parse", branch)).Trim();
        var body = gh.CreatedBodyFor(branch);
        Assert.Contains($"Queue job **0001-implementer** of run **{team.Run}** (implementer", body);
        Assert.Contains($"- `{sha}`", body);
        Assert.All(jobs["0001-implementer"]["evidence"]!["changed_files"]!.AsArray(), f => Assert.Contains($"- `{f}`", body));
        var prMd = Path.Combine(team.Clones[0], "docs", "ias", "runs", team.Run, "runner", "jobs", "0001-implementer", "pr.md");
        Assert.Equal($"# Queue {team.Run}: job 0001-implementer (implementer)\n\n{body}", await File.ReadAllTextAsync(prMd));
        Assert.Contains($"PR {FakeGh.Url}", await team.OkAsync(0, "status", "--run", team.Run));
    }

    [PostgresFact]
    public async Task A_jobs_question_is_answered_from_another_checkout_and_the_runner_that_asked_resumes_it_to_its_draft_pr_and_tells_the_hook()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        using var team = await TeamAsync(machines: 2, queueYaml: hook.Yaml);
        using var gh = new FakeGh();
        team.SearchPath = gh.SearchPath;
        await team.ScenarioAsync("""{"ask": [{"role": "implementer", "cycle": 1, "question": "Greet in English or in French?"}]}""");
        await team.EnqueueAsync("implementer", "Build the greeting.");

        await using var runner = team.Start(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job(s) wait for a person's answer", Timeout);

        // The question lives in the shared queue: the other machine lists it, with the host of the runner that asked.
        var asked = Assert.Single(JsonNode.Parse(await team.OkAsync(1, "decisions", "--json"))!.AsArray())!;
        Assert.Equal(("Q1", team.Run, "0001-implementer", Dns.GetHostName()), ((string)asked["id"]!, (string)asked["run"]!, (string)asked["job"]!, (string?)asked["host"]));
        Assert.Equal("Greet in English or in French?", (string)asked["question"]!);
        Assert.Equal("blocked", (string)(await team.JobsAsync(1))["0001-implementer"]["state"]!);
        Assert.Contains("asks Q1: Greet in English or in French?", await team.OkAsync(1, "status", "--run", team.Run));
        Assert.Contains($"answer with: ias answer Q1", await team.OkAsync(1, "decisions"));
        Assert.Contains($"at the next look of its runner on {Dns.GetHostName()} (in {team.Clones[0]})", await team.OkAsync(1, "answer", "Q1", "In French: Bonjour"));
        var again = await team.IasAsync(1, "answer", "Q1", "In English");
        Assert.NotEqual(0, again.Code);
        Assert.Contains("decision Q1 was already answered at", again.Err);
        Assert.True(await runner.ExitAsync(Timeout) == 0, $"run-loop failed\nstdout: {runner.Stdout}\nstderr: {runner.Stderr}");

        // The answer reached the resumed agent, whose commit on the job's branch holds its work and the decision's record.
        var job = (await team.JobsAsync())["0001-implementer"];
        Assert.Equal(("done", FakeGh.Url), ((string)job["state"]!, (string?)job["evidence"]!["pr_url"]));
        Assert.Equal(["asked", "done"], job["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        var branch = $"ias/{team.Run}/0001-implementer";
        Assert.Equal("In French: Bonjour\n", await team.RemoteGitAsync("show", $"{branch}:sim/{team.Run}/answer.txt"));
        var record = await team.RemoteGitAsync("show", $"{branch}:docs/ias/decisions/{team.Run}-Q1.md");
        Assert.Contains("## Question\n\nGreet in English or in French?\n\n## Answer\n\nIn French: Bonjour\n", record);
        Assert.Contains("no open questions", await team.OkAsync(1, "decisions"));

        // The question went out at once; the PR and the drained queue may follow within one quiet spell, as one notification,
        // and the runner, the last at work in its checkout, tells the night's report as it ends.
        var notes = hook.Lines();
        Assert.Equal(("decision", "completed", "report", 4), (notes[0].GetProperty("event").GetString(), notes[^2].GetProperty("event").GetString(), notes[^1].GetProperty("event").GetString(), notes.Sum(n => n.GetProperty("count").GetInt32())));
        using var store = Ias.Core.Storage.RunStore.Open(Path.Combine(team.Clones[0], ".run", "ias.db"));
        var recorded = new Ias.Core.Cycles.Records.RunRecords(store).EventsOfKind(Ias.Core.Notifications.NotificationEvents.Kind, 0).Select(e => e.Message).ToList();
        Assert.Equal(["decision", "pr_opened", "completed", "report"], recorded.Select(m => m.Split(':')[0]));
        Assert.Contains($"pr_opened: {team.Run} job 0001-implementer: draft PR {FakeGh.Url}", recorded);
    }

    /// <summary>A team of <paramref name="machines"/> clones on a fresh database of the shared cluster; the jobs are enqueued by the caller.</summary>
    private async Task<TeamQueue> TeamAsync(int machines, string queueYaml) =>
        await TeamQueue.CreateAsync(postgres.CreateDatabase(), machines, queueYaml);

    /// <summary>The jobs, enqueued from the first machine (so their base is its branch, main).</summary>
    private static async Task EnqueueAllAsync(TeamQueue team)
    {
        foreach (var (role, prompt) in Jobs)
        {
            await team.EnqueueAsync(role, prompt);
        }
    }

    /// <summary>What one runner on one machine ends with when nothing interrupts it: the state every team run must reach; run once for the class.</summary>
    private Task<string> ReferenceAsync() => uninterrupted.GetAsync(UninterruptedAsync);

    private async Task<string> UninterruptedAsync()
    {
        var started = Stopwatch.StartNew();
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        await EnqueueAllAsync(team);
        await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        var state = await FinalStateAsync(team, "uninterrupted");
        output.WriteLine($"reference: one runner, {Jobs.Length} jobs, {started.Elapsed.TotalSeconds:0.0}s");
        return state;
    }

    /// <summary>
    /// What a team's run ends with, the same whoever ran which job: every job done once (one "done" in its history); for
    /// each writing job, its branch on the remote with exactly one commit on top of main, which its evidence names, by
    /// subject and the content of every file it changed; and no other branch. (The teams' main differ only in their config.)
    /// </summary>
    private static async Task<string> FinalStateAsync(TeamQueue team, string context)
    {
        var jobs = await team.JobsAsync();
        var main = (await team.RemoteGitAsync("rev-parse", "main")).Trim();
        var branches = await team.RemoteBranchesAsync();
        var perJob = new List<object>();
        foreach (var job in jobs.Values.OrderBy(j => (string)j["id"]!, StringComparer.Ordinal))
        {
            var id = (string)job["id"]!;
            var branch = $"ias/{team.Run}/{id}";
            var evidence = job["evidence"]?["commits"]?.AsArray().Select(c => (string)c!).ToList() ?? [];
            object? pushed = null;
            if (branches.Contains(branch))
            {
                var commits = Lines(await team.RemoteGitAsync("rev-list", $"main..{branch}"));
                var tip = commits[0];
                Assert.True(evidence.SequenceEqual([tip]), $"{context}: job {id}'s evidence names {string.Join(", ", evidence)}, its branch ends at {tip}");
                pushed = new
                {
                    commits = commits.Count,
                    on_main = (await team.RemoteGitAsync("rev-parse", $"{tip}^")).Trim() == main,
                    subject = (await team.RemoteGitAsync("log", "-1", "--format=%s", tip)).Trim(),
                    // Each file the commit changed, with the hash of its content: on top of main, the whole tree.
                    changes = Lines(await team.RemoteGitAsync("diff-tree", "--no-commit-id", "-r", tip)),
                };
            }

            perJob.Add(new
            {
                id,
                state = (string)job["state"]!,
                writes = (bool)job["writes"]!,
                done_records = job["history"]!.AsArray().Count(h => (string)h!["outcome"]! == "done"),
                evidence_commits = evidence.Count,
                branch = pushed,
            });
        }

        var others = branches.Where(b => b != "main" && !jobs.Keys.Any(id => b == $"ias/{team.Run}/{id}"));
        return JsonSerializer.Serialize(new { jobs = perJob, other_branches = others }, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IEnumerable<string> Ids() => Jobs.Select((j, i) => $"{i + 1:0000}-{j.Role}");

    private static object Hold(string role, int cycle) => new { role, cycle, mode = "hold" };

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Reads <paramref name="process"/>'s lines up to the first that <paramref name="line"/> matches; its first group.</summary>
    private static async Task<string> LineAsync(IasProcess process, Regex line)
    {
        while (await process.NextLineAsync(Timeout) is { } next)
        {
            if (line.Match(next) is { Success: true } m)
            {
                return m.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"ias ended without a line like /{line}/\nstdout: {process.Stdout}\nstderr: {process.Stderr}");
    }

    /// <summary>Sends SIGSTOP, SIGCONT or SIGKILL with kill(1).</summary>
    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        var said = kill.StandardError.ReadToEnd();
        Assert.True(kill.WaitForExit(10_000) && kill.ExitCode == 0, $"kill -{signal} {pid}: {said}");
    }

    [GeneratedRegex(@"^runner of \S+ started \((.+)\)$")]
    private static partial Regex OwnerLine();

    [GeneratedRegex(@"^job (\S+) started \(")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"(?m)^job (\S+) done: ")]
    private static partial Regex DoneLine();
}
