using System.Diagnostics;
using System.Text.Json.Nodes;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A team sharing one job queue in PostgreSQL: a bare remote whose `main` holds the config (the simulated agent for every
/// role, ias.queue.backend postgres), and clones of it in folders of their own, each standing for a team member's machine
/// with `ias init` done; one run, created from the first clone. Every ias command gets IAS_QUEUE_CONNECTION and the
/// scenario of the simulated agent, a file outside every clone.
/// </summary>
public sealed class TeamQueue : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _connection;
    private readonly List<string> _clones = [];

    private TeamQueue(string run, string connection)
    {
        Run = run;
        _connection = connection;
        ScenarioPath = _dir.Combine("scenario.json");
    }

    public string Run { get; }

    /// <summary>The Npgsql connection string of the team's database (IAS_QUEUE_CONNECTION).</summary>
    public string Connection => _connection;

    /// <summary>The bare repository every clone has as origin.</summary>
    public string Remote => _dir.Combine("remote.git");

    /// <summary>The clones' folders, one per machine.</summary>
    public IReadOnlyList<string> Clones => _clones;

    /// <summary>Where the simulated agent reads its scenario (IAS_SIM_SCENARIO): beside the clones, so no commit takes it.</summary>
    public string ScenarioPath { get; }

    /// <summary>PATH for every ias command when set (a fake gh first on it); the test's own otherwise.</summary>
    public string? SearchPath { get; set; }

    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string>
    {
        [PostgresQueueStore.ConnectionVariable] = _connection,
        ["IAS_SIM_SCENARIO"] = ScenarioPath,
        ["PATH"] = SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "",
    };

    /// <summary>
    /// A remote with `main` (a README, .gitignore with .run/, the config with <paramref name="queueYaml"/> under ias.queue,
    /// <paramref name="iasYaml"/> under ias and <paramref name="topYaml"/>'s sections after it), <paramref name="clones"/>
    /// clones with `ias init --run RUN` done, and run <paramref name="run"/> in the database of <paramref name="connection"/>.
    /// </summary>
    public static async Task<TeamQueue> CreateAsync(string connection, int clones, string queueYaml = "", string run = "night", string iasYaml = "", string topYaml = "")
    {
        var team = new TeamQueue(run, connection);
        try
        {
            await team.ScenarioAsync("{}");
            await GitAsync(team._dir.Path, "init", "--quiet", "--bare", "--initial-branch=main", team.Remote);
            // A bare repository's HEAD names the branch a clone checks out; `main` whatever git's default is.
            await GitAsync(team.Remote, "symbolic-ref", "HEAD", "refs/heads/main");

            var seed = team.Outside("seed");
            await GitAsync(team._dir.Path, "clone", "--quiet", team.Remote, seed);
            await IdentifyAsync(seed);
            await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "# team\n");
            await File.WriteAllTextAsync(Path.Combine(seed, ".gitignore"), ".run/\n");
            await File.WriteAllTextAsync(Path.Combine(seed, ".loa.config.yaml"),
                "agents:\n  default: { agent: sim }\nias:\n  queue:\n    backend: postgres\n" + queueYaml + iasYaml + topYaml);
            await GitAsync(seed, "add", "-A");
            await GitAsync(seed, "commit", "--quiet", "-m", "team: the config of a shared queue");
            await GitAsync(seed, "push", "--quiet", "origin", "main");

            for (var i = 0; i < clones; i++)
            {
                var clone = team.Outside($"machine-{i}");
                await GitAsync(team._dir.Path, "clone", "--quiet", team.Remote, clone);
                await IdentifyAsync(clone);
                team._clones.Add(clone);
            }

            await team.OkAsync(0, "new-run", run);
            for (var i = 0; i < clones; i++)
            {
                await team.OkAsync(i, "init", "--run", run);
            }

            return team;
        }
        catch
        {
            team.Dispose();
            throw;
        }
    }

    /// <summary>A path beside the clones, for files no commit may take (scenarios, hold files, a reference clone).</summary>
    public string Outside(string name) => _dir.Combine(name);

    public Task ScenarioAsync(string json) => File.WriteAllTextAsync(ScenarioPath, json);

    public Task<(int Code, string Out, string Err)> IasAsync(int clone, params string[] args) => IasProcess.RunAsync(_clones[clone], Env, args);

    /// <summary>Starts `ias ARGS` in clone <paramref name="clone"/>, as that machine's user would.</summary>
    public IasProcess Start(int clone, params string[] args) => IasProcess.Start(_clones[clone], Env, args);

    public async Task<string> OkAsync(int clone, params string[] args)
    {
        var r = await IasAsync(clone, args);
        Assert.True(r.Code == 0, $"ias {string.Join(' ', args)} in machine-{clone}: exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        return r.Out;
    }

    public Task<string> EnqueueAsync(string role, string prompt, params string[] more) =>
        OkAsync(0, ["enqueue", "--run", Run, "--role", role, "--prompt", prompt, .. more]);

    /// <summary>`ias status --json` as clone <paramref name="clone"/> reads it: the whole team's queue, with its runners.</summary>
    public async Task<JsonObject> StatusAsync(int clone = 0) =>
        JsonNode.Parse(await OkAsync(clone, "status", "--json", "--run", Run))!.AsObject();

    /// <summary>Every job of the shared queue, by id.</summary>
    public async Task<Dictionary<string, JsonObject>> JobsAsync(int clone = 0) =>
        (await StatusAsync(clone))["jobs"]!.AsArray().Select(j => j!.AsObject()).ToDictionary(j => (string)j["id"]!);

    /// <summary>The remote's branches, by name (refs/heads/ left off), in order.</summary>
    public async Task<IReadOnlyList<string>> RemoteBranchesAsync() =>
        (await GitAsync(Remote, "for-each-ref", "--format=%(refname:short)", "refs/heads/"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs git in the remote (log, ls-tree, rev-list of what the team pushed) and returns its stdout; a failure throws with what git said.</summary>
    public Task<string> RemoteGitAsync(params string[] args) => GitAsync(Remote, args);

    /// <summary>Runs git in <paramref name="cwd"/> and returns its stdout; a failure throws with what git said.</summary>
    public static async Task<string> GitAsync(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var git = Process.Start(psi)!;
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)} in {cwd}: exit {git.ExitCode}: {(await stderr).Trim()}");
        return await stdout;
    }

    private static async Task IdentifyAsync(string clone)
    {
        await GitAsync(clone, "config", "user.name", "ias team test");
        await GitAsync(clone, "config", "user.email", "team@ias.invalid");
    }

    public void Dispose()
    {
        // A failed test may leave runners or their agents: stop them by the pids each clone recorded.
        foreach (var clone in _clones)
        {
            var local = Path.Combine(clone, ".run", "queue");
            if (ReadFirstWords(Path.Combine(local, Run + ".owner")) is [_, var pid, ..])
            {
                Process.Start("kill", ["-9", pid])!.WaitForExit(5000);
            }

            if (ReadFirstWords(Path.Combine(local, Run + ".agent.pid")) is [var group, ..])
            {
                Process.Start("kill", ["-9", "--", "-" + group])!.WaitForExit(5000);
            }
        }

        _dir.Dispose();
    }

    private static string[]? ReadFirstWords(string path)
    {
        try
        {
            return File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
