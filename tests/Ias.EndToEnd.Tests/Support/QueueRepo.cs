using System.Text.Json.Nodes;
using Ias.Core.Jobs.Mirror;
using Ias.EndToEnd.Tests.Commands;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>A repository on a feature branch with the simulated agent for every role, one job-queue run, and a scenario file outside the repository.</summary>
public sealed class QueueRepo : IDisposable
{
    private readonly TestRepo _repo = new();
    private readonly Ias.Core.Tests.Support.TempDir _outside = new();

    private readonly IasProgram _program;

    private QueueRepo(string run, IasProgram program)
    {
        Run = run;
        _program = program;
        ScenarioPath = _outside.Combine("scenario.json");
    }

    public string Run { get; }

    public string Path => _repo.Path;

    /// <summary>Where the sim agent reads its scenario (IAS_SIM_SCENARIO); outside the repository, so no commit takes it.</summary>
    public string ScenarioPath { get; }

    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string> { ["IAS_SIM_SCENARIO"] = ScenarioPath };

    public string RunnerDir => _repo.File("docs", "ias", "runs", Run, "runner");

    /// <summary>The branch the run's writing jobs commit on: ias/queue/RUN, never the checkout's.</summary>
    public string Branch => $"ias/queue/{Run}";

    /// <summary>The worktree the run's writing jobs work in while its runner is at work.</summary>
    public string WorkTree => _repo.WorkTree(Branch);

    /// <summary>
    /// A repository with <paramref name="agentsYaml"/> under agents, <paramref name="queueYaml"/> under ias.queue and
    /// <paramref name="iasYaml"/> under ias, on feature/queue, with run <paramref name="run"/> created and initialised; every
    /// ias command runs <paramref name="program"/>.
    /// </summary>
    public static async Task<QueueRepo> CreateAsync(
        string run = "night", string queueYaml = "", string agentsYaml = "  default: { agent: sim }\n", IasProgram? program = null, string iasYaml = "")
    {
        var repo = new QueueRepo(run, program ?? IasProgram.Default);
        await repo.ScenarioAsync("{}");
        var ias = (queueYaml.Length > 0 ? "  queue:\n" + queueYaml : "") + iasYaml;
        await repo._repo.SetConfigAsync("agents:\n" + agentsYaml + (ias.Length > 0 ? "ias:\n" + ias : ""));
        await DemoTests.Git(repo.Path, "switch", "-q", "-c", "feature/queue");
        await repo.OkAsync("new-run", run);
        await repo.OkAsync("init", "--run", run);
        return repo;
    }

    /// <summary>A path in a folder beside the repository, for files no commit may take (scripts, scenarios).</summary>
    public string Outside(string name) => _outside.Combine(name);

    public Task ScenarioAsync(string json) => File.WriteAllTextAsync(ScenarioPath, json);

    /// <summary>Replaces .loa.config.yaml with <paramref name="yaml"/>, committed, as a person edits it between two runners.</summary>
    public Task SetConfigAsync(string yaml) => _repo.SetConfigAsync(yaml);

    public Task<(int Code, string Out, string Err)> IasAsync(params string[] args) => IasProcess.RunAsync(_program, Path, Env, args);

    /// <summary>`ias ARGS` with <paramref name="more"/> laid over the scenario's environment (a HOME, a git config of the test's).</summary>
    public Task<(int Code, string Out, string Err)> IasAsync(IReadOnlyDictionary<string, string> more, params string[] args) =>
        IasProcess.RunAsync(_program, Path, Env.Concat(more).ToDictionary(), args);

    public IasProcess Start(params string[] args) => IasProcess.Start(_program, Path, Env, args);

    public async Task<string> OkAsync(params string[] args)
    {
        var r = await IasAsync(args);
        Assert.True(r.Code == 0, $"ias {string.Join(' ', args)}: exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        return r.Out;
    }

    public Task<string> EnqueueAsync(string role, string prompt, params string[] more) =>
        OkAsync(["enqueue", "--run", Run, "--role", role, "--prompt", prompt, .. more]);

    /// <summary>
    /// A night of the queue run: <paramref name="scenario"/> for the sim agent, then each job enqueued and run by one
    /// `ias run-once`, so no runner stays to wait for a question's answer.
    /// </summary>
    public async Task NightAsync(string scenario, params (string Role, string Prompt)[] jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await ScenarioAsync(scenario);
        foreach (var (role, prompt) in jobs)
        {
            await EnqueueAsync(role, prompt);
        }

        foreach (var _ in jobs)
        {
            await IasAsync("run-once", "--run", Run);
        }
    }

    /// <summary>Every job of `ias status --json`, by id.</summary>
    public async Task<Dictionary<string, JsonObject>> JobsAsync()
    {
        var status = JsonNode.Parse(await OkAsync("status", "--json", "--run", Run))!.AsObject();
        return status["jobs"]!.AsArray().Select(j => j!.AsObject()).ToDictionary(j => (string)j["id"]!);
    }

    /// <summary>
    /// The queue's contract: `ias status --json` (read from the database) and the mirrored runner folder say the same thing:
    /// every job's file sits in the folder of its state with the same content, no other job file exists (files ias does not
    /// name, such as a refused drop, are someone else's), and state.json matches.
    /// </summary>
    public async Task AssertMirrorAgreesAsync()
    {
        var status = JsonNode.Parse(await OkAsync("status", "--json", "--run", Run))!.AsObject();
        var jobs = status["jobs"]!.AsArray().Select(j => j!.AsObject()).ToList();
        var files = Directory.EnumerateFiles(System.IO.Path.Combine(RunnerDir, "queue"), "*.json", SearchOption.AllDirectories)
            .Where(QueueMirror.IsJobFile)
            .Select(f => System.IO.Path.GetRelativePath(RunnerDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(jobs.Select(j => $"queue/{j["state"]}/{j["id"]}.json").Order(StringComparer.Ordinal), files);
        foreach (var job in jobs)
        {
            var file = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(RunnerDir, "queue", (string)job["state"]!, $"{job["id"]}.json")));
            Assert.True(JsonNode.DeepEquals(job, file), $"job {job["id"]}: status says\n{job}\nits file says\n{file}");
        }

        var state = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(RunnerDir, "state.json")))!.AsObject();
        foreach (var (key, value) in state)
        {
            Assert.True(JsonNode.DeepEquals(value, status[key]), $"state.json {key} is {value?.ToJsonString()}, status says {status[key]?.ToJsonString()}");
        }
    }

    public void Dispose()
    {
        // A failed test may leave a runner or its agent: stop both by the pids they recorded.
        var local = System.IO.Path.Combine(Path, ".run", "queue");
        if (File.Exists(System.IO.Path.Combine(local, Run + ".owner")) && File.ReadAllText(System.IO.Path.Combine(local, Run + ".owner")).Split(' ') is [_, var pid, ..])
        {
            System.Diagnostics.Process.Start("kill", ["-9", pid])!.WaitForExit(5000);
        }

        if (File.Exists(System.IO.Path.Combine(local, Run + ".agent.pid")) && File.ReadAllText(System.IO.Path.Combine(local, Run + ".agent.pid")).Split(' ') is [var group, ..])
        {
            System.Diagnostics.Process.Start("kill", ["-9", "--", "-" + group.Trim()])!.WaitForExit(5000);
        }

        _repo.Dispose();
        _outside.Dispose();
    }
}
