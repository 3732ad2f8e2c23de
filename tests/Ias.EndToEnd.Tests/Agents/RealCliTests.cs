using System.Diagnostics;
using System.Text.Json;
using Ias.Core.Decisions;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Agents;

/// <summary>`ias run` with the real claude, codex and gemini CLIs, pointed at our fake model API.</summary>
public sealed class RealCliTests
{
    private const string Config = """
        run_mode:
          enabled: true
          defaults: { max_cycles: 3, timeout_hours: 1 }
        agents:
          default:
            agent: sim
            turn_timeout_minutes: 3
            idle_timeout_minutes: 1
        """;

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task A_sprint_runs_to_the_end_with_the_real_cli_editing_a_real_file(string cli)
    {
        using var repo = new TestRepo();
        using var home = new TempDir();
        await repo.SetConfigAsync(Config);
        await using var api = await FakeModelApi.StartAsync(FakeModelMode.Work, repo.File("greeting.txt"));

        var run = await repo.IasAsync(AgentClis.Environment(cli, home.Path, api), "run", "sprint-1", "--agent", cli, "--local");

        Assert.True(run.Code == 0, $"{run.Out}{run.Err}\nrequests:\n{api.Dump()}");
        Assert.Contains("JACKED_OUT", run.Out);

        // The CLI itself ran the tool call and sent its result back before the implementer's final message.
        var served = api.Served.ToArray();
        Assert.Contains(served, s => s.EndsWith(":WriteFile", StringComparison.Ordinal));
        Assert.Contains(served, s => s.EndsWith(":ImplementDone", StringComparison.Ordinal));
        Assert.Equal(2, served.Count(s => s.EndsWith(":Verdict", StringComparison.Ordinal)));
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs"));
        var implement = jobs.First(j => j.Contains("-implement-", StringComparison.Ordinal));
        var greeting = await DemoTestsGit(repo, "ls-tree", "--name-only", "feature/sprint-1", "greeting.txt");
        Assert.True(greeting.Trim() == "greeting.txt",
            $"the {cli} implementer wrote no greeting.txt\nstdout:\n{Tail(Path.Combine(implement, "stdout.jsonl"))}\nstderr:\n{Tail(Path.Combine(implement, "stderr.log"))}");
        Assert.Equal(FakeModelApi.WorkText + "\n", await repo.OnBranchAsync("greeting.txt"));
        AgentClis.RecordCassette(cli, "recorded-implement", jobs.Single(j => j.Contains("-implement-", StringComparison.Ordinal)));
        AgentClis.RecordCassette(cli, "recorded-review", jobs.Single(j => j.Contains("-review-", StringComparison.Ordinal)));
        var log = await DemoTestsGit(repo, "log", "--name-only", "--format=%s", "feature/sprint-1");
        Assert.Contains("greeting.txt", log);

        // The CLIs run read-only git of their own (status, rev-parse, often with hooks off): none of it is refused.
        Assert.True(RefusedGitCalls(repo).Count == 0, $"ICE refused a git call of the {cli} CLI:\n{string.Join('\n', RefusedGitCalls(repo))}");
    }

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task A_sprint_runs_to_the_end_in_the_box_with_a_tmpdir_outside_tmp(string cli)
    {
        // A build box keeps TMPDIR on its own disk: in the box it is the agent's own, writable, and the CLI works there.
        using var repo = new TestRepo();
        using var home = new TempDir();
        var tmp = Directory.CreateDirectory(Path.Combine("/var/tmp", "ias-real-cli-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await repo.SetConfigAsync(Config);
            await using var api = await FakeModelApi.StartAsync(FakeModelMode.Work, repo.File("greeting.txt"));
            var env = AgentClis.Environment(cli, home.Path, api);
            env["TMPDIR"] = tmp;

            var run = await repo.IasAsync(env, "run", "sprint-1", "--agent", cli, "--local");

            Assert.True(run.Code == 0, $"{run.Out}{run.Err}\nrequests:\n{api.Dump()}");
            Assert.Contains("JACKED_OUT", run.Out);
            Assert.Equal(FakeModelApi.WorkText + "\n", await repo.OnBranchAsync("greeting.txt"));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task The_real_cli_asks_a_person_with_ias_ask_and_its_resumed_session_works_from_the_answer(string cli)
    {
        const string Answer = "In French: Bonjour le monde";
        using var repo = new TestRepo();
        using var home = new TempDir();
        await repo.SetConfigAsync(Config);
        await using var api = await FakeModelApi.StartAsync(FakeModelMode.Ask, repo.File("greeting.txt"));
        await using var engine = IasProcess.Start(repo.Path, AgentClis.Environment(cli, home.Path, api), "run", "sprint-1", "--agent", cli, "--local", "--headless");

        // The CLI ran `ias ask` with its own shell tool (the `ias` on the box's PATH) and ended its turn: the run waits.
        try
        {
            await engine.WaitForLineAsync("waiting for a person", TimeSpan.FromMinutes(4));
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}\n{Evidence(repo, api, "-implement-")}");
        }

        var listed = await repo.IasAsync("decisions", "--json");
        Assert.True(listed.Code == 0, listed.Out + listed.Err);
        var asked = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray());
        Assert.Equal(FakeModelApi.Question, asked.GetProperty("question").GetString());
        Assert.Equal("implementer", asked.GetProperty("role").GetString());
        Assert.Equal("AWAITING_DECISION", State(repo).GetProperty("phase").GetString());
        Assert.Equal(["AskPerson", "Asked"], Turns(api));
        var id = asked.GetProperty("id").GetString()!;
        var runId = asked.GetProperty("run").GetString()!;

        var answer = await repo.IasAsync("answer", id, Answer);
        Assert.True(answer.Code == 0, answer.Out + answer.Err);
        Assert.True(await engine.ExitAsync(TimeSpan.FromMinutes(5)) == 0, $"{engine.Stdout}{engine.Stderr}\nrequests:\n{api.Dump()}");
        Assert.Contains("JACKED_OUT", engine.Stdout);

        // The step ran again with the CLI's resume flag and the session that asked, whose history still holds the ias ask call.
        string session;
        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            session = new DecisionStore(store).OfRun(runId).Single().SessionId!;
        }

        var resumed = Directory.GetDirectories(repo.File(".run", "jobs"))
            .Single(j => File.ReadAllText(Path.Combine(j, "prompt.md")).Contains($"{AnswerPrompt.Lead} ({id})", StringComparison.Ordinal));
        Assert.Contains(cli == "codex" ? $" resume {session}" : $" --resume {session}", File.ReadAllText(Path.Combine(resumed, "command")));
        Assert.Contains(api.Requests, r => r.Body.Contains(AnswerPrompt.Lead, StringComparison.Ordinal) && r.Body.Contains("Question recorded for a person", StringComparison.Ordinal));

        // The model read the answer in the last user message and wrote the work file from it; review and audit passed.
        Assert.Equal(["AskPerson", "Asked", "WriteFile", "ImplementDone", "Verdict", "Verdict"], Turns(api));
        Assert.Equal(FakeModelApi.WorkTextFor(Answer) + "\n", await repo.OnBranchAsync("greeting.txt"));
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());

        // The record holds the question and the answer, and went into the run's commits with the work.
        var record = $"docs/ias/decisions/{runId}-{id}.md";
        Assert.Contains($"## Question\n\n{FakeModelApi.Question}\n\n## Answer\n\n{Answer}\n", await repo.OnBranchAsync(record));
        var log = await DemoTestsGit(repo, "log", "--name-only", "--format=%s", "feature/sprint-1");
        Assert.Contains(record, log);
        Assert.Contains("greeting.txt", log);
        Assert.True(RefusedGitCalls(repo).Count == 0, $"ICE refused a git call of the {cli} CLI:\n{string.Join('\n', RefusedGitCalls(repo))}");
    }

    [RealCliTheory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task Without_credentials_the_run_is_refused_at_pre_flight_in_the_clis_own_words_and_leaves_nothing(string cli)
    {
        using var repo = new TestRepo();
        using var home = new TempDir();
        await repo.SetConfigAsync(Config);
        var branches = await Shell.GitAsync(repo.Path, "branch", "--format=%(refname:short)");

        var run = await repo.IasAsync(AgentClis.Environment(cli, home.Path, modelApi: null), "run", "sprint-1", "--agent", cli, "--local", "--yes");

        // The login is asked in the box before the run makes anything: no run, no branch, no `.run/`, and one line that
        // says which CLI, what it said and how to log in.
        Assert.True(run.Code == 2, run.Out + run.Err);
        var line = run.Err.Trim();
        Assert.StartsWith($"ias: {cli} is not logged in: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.False(Directory.Exists(repo.File(".run")), "a run refused at pre-flight leaves no .run/");
        Assert.Equal(branches, await Shell.GitAsync(repo.Path, "branch", "--format=%(refname:short)"));
        Assert.DoesNotContain("JACK_IN", run.Out, StringComparison.Ordinal);
    }

    [RealCliTheory]
    [InlineData("codex")]
    public async Task A_provider_key_named_in_the_cli_config_but_not_exported_halts_at_once_naming_the_variable(string cli)
    {
        using var repo = new TestRepo();
        using var home = new TempDir();
        await repo.SetConfigAsync(Config);
        await using var api = await FakeModelApi.StartAsync(FakeModelMode.Work, repo.File("greeting.txt"));
        var env = AgentClis.Environment(cli, home.Path, api);
        env.Remove("MYPROXY_API_KEY");

        var run = await repo.IasAsync(env, "run", "sprint-1", "--agent", cli, "--local");

        Assert.True(run.Code == 1, run.Out + run.Err);
        Assert.Contains("codex needs the variable MYPROXY_API_KEY, which its box does not have: export it and add MYPROXY_API_KEY to ias.sandbox.allow in .loa.config.yaml", run.Out);
        Assert.DoesNotContain("attempt 2", run.Out);
        Assert.Contains("MYPROXY_API_KEY", State(repo).GetProperty("halt_reason").GetString());
        Assert.Empty(api.Served);
    }

    [RealCliTheory]
    [InlineData("codex")]
    public async Task With_the_network_unreachable_the_idle_limit_kills_the_reconnecting_cli_and_no_process_of_its_tree_survives(string cli)
    {
        using var repo = new TestRepo();
        using var home = new TempDir();
        // Long enough for node to start codex and print its first reconnect on a loaded machine (4.8 s was not), short enough
        // for three attempts.
        await repo.SetConfigAsync(Config.Replace("idle_timeout_minutes: 1", "idle_timeout_minutes: 0.25", StringComparison.Ordinal));
        var env = AgentClis.Environment(cli, home.Path, modelApi: null);

        // A key, so codex gets past its login check, and a model endpoint whose name never resolves (RFC 2606 .invalid).
        env["CODEX_API_KEY"] = "sk-unreachable";
        File.WriteAllText(Path.Combine(env["CODEX_HOME"], "config.toml"), """
            model = "gpt-fake"
            model_provider = "down"

            [model_providers.down]
            name = "down"
            base_url = "http://model-api.ias-unreachable.invalid/v1"
            wire_api = "responses"
            env_key = "CODEX_API_KEY"
            """);

        var run = await repo.IasAsync(env, "run", "sprint-1", "--agent", cli, "--local");

        Assert.True(run.Code == 1, run.Out + run.Err);
        Assert.True(run.Out.Contains("attempt 1/3 failed: Network", StringComparison.Ordinal), run.Out);
        Assert.Contains("waiting 1 s for the network before attempt 2/3", run.Out);
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs"));
        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Contains("Reconnecting", File.ReadAllText(Path.Combine(j, "stdout.jsonl")) + File.ReadAllText(Path.Combine(j, "stderr.log"))));
        var survivors = await ProcessesWithHome(home.Path);
        Assert.True(survivors.Count == 0, "still running: " + string.Join("; ", survivors));
    }

    /// <summary>
    /// Every live process whose environment carries this HOME, as `ps e` shows it, but ias's own teller of the night's end
    /// (`ias night-end`, waiting for the box to be quiet), which outlives the run by design and is no part of the CLI's tree.
    /// </summary>
    private static async Task<List<string>> ProcessesWithHome(string home)
    {
        var ps = Process.Start(new ProcessStartInfo("ps", ["e", "-ww", "-eo", "pid=,ppid=,args="]) { RedirectStandardOutput = true })!;
        var text = await ps.StandardOutput.ReadToEndAsync();
        await ps.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var lines = text.Split('\n').Where(l => l.Contains($"HOME={home} ", StringComparison.Ordinal) && !l.Contains(" ps e ", StringComparison.Ordinal)).ToList();
        var tellers = lines.Where(l => l.Contains(" night-end --run ", StringComparison.Ordinal)).Select(l => Field(l, 0)).ToHashSet();
        return [.. lines.Where(l => !tellers.Contains(Field(l, 0)) && !tellers.Contains(Field(l, 1))).Select(l => l.Length > 120 ? l[..120] : l)];

        static string Field(string line, int n) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[n];
    }

    /// <summary>What the CLI printed in its first job of <paramref name="kind"/> (`-implement-`), and what it asked the model.</summary>
    private static string Evidence(TestRepo repo, FakeModelApi api, string kind)
    {
        var job = Directory.GetDirectories(repo.File(".run", "jobs")).Order(StringComparer.Ordinal).FirstOrDefault(j => j.Contains(kind, StringComparison.Ordinal));
        return job is null
            ? $"no {kind} job\nrequests:\n{api.Dump()}"
            : $"stdout:\n{Tail(Path.Combine(job, "stdout.jsonl"))}\nstderr:\n{Tail(Path.Combine(job, "stderr.log"))}\nrequests:\n{api.Dump()}";
    }

    /// <summary>The turns the fake model served, its side requests left out.</summary>
    private static string[] Turns(FakeModelApi api) =>
        [.. api.Served.Select(s => s[(s.IndexOf(':', StringComparison.Ordinal) + 1)..]).Where(t => t != "Chatter")];

    private static JsonElement State(TestRepo repo) => JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    private static Task<string> DemoTestsGit(TestRepo repo, params string[] args) => Commands.DemoTests.Git(repo.Path, args);

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(12).Select(l => l.Length > 600 ? l[..600] : l)) : "(none)";

    /// <summary>ice.log's lines but the hosts the box's proxy refused (codex's start-up sync of its plugins asks github.com, which no turn needs).</summary>
    private static List<string> RefusedGitCalls(TestRepo repo)
    {
        var ice = repo.File(".run", "ice.log");
        var refused = new List<string>();
        foreach (var line in File.Exists(ice) ? File.ReadAllLines(ice).Where(l => l.Length > 0) : [])
        {
            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.GetProperty("argv")[0].GetString() != "connect")
            {
                refused.Add(line);
            }
        }

        return refused;
    }
}
