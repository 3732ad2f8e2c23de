using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Reports;

/// <summary>
/// One night of the real ias and the simulated agent, built once for every check of its report: in one repository a
/// sprint that completed, a bug run halted at triage and a sprint plan that tripped its breaker; in a second a queue run
/// with a job done, one failed and one waiting on a question; and, where PostgreSQL can run, a team's shared queue whose
/// jobs a second checkout ran. Every ias remembers its checkout in a registry of the night's own, so `--all` sees these.
/// </summary>
public sealed class Night : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TempDir _state = new();
    private bool _built;

    public Night()
    {
        Registry = new Dictionary<string, string> { ["XDG_STATE_HOME"] = _state.Path };
    }

    /// <summary>The environment that makes an ias remember its checkout in the night's registry.</summary>
    public IReadOnlyDictionary<string, string> Registry { get; }

    /// <summary>The repository of the Run Mode runs: a sprint, a bug run and a sprint plan.</summary>
    public TestRepo Runs { get; } = new();

    /// <summary>The Run Mode repository's notification hook: what each run's end told.</summary>
    public HookFile Hook { get; private set; } = null!;

    /// <summary>The repository of the queue run `night`.</summary>
    public QueueRepo Queue { get; private set; } = null!;

    /// <summary>The team's shared queue on PostgreSQL; null where PostgreSQL cannot run (<see cref="Shared"/> says why).</summary>
    public TeamQueue? Team { get; private set; }

    /// <summary>Null when the team's night was built; otherwise why not.</summary>
    public string? Shared { get; private set; }

    /// <summary>When the night began: the person's last look, as each repository's report mark says before every check.</summary>
    public DateTimeOffset Began { get; private set; }

    /// <summary>Builds the night once, whichever check asks first; the team's part on <paramref name="postgres"/> when it can run.</summary>
    public async Task BuildAsync(PostgresClusterFixture postgres)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_built)
            {
                Began = DateTimeOffset.UtcNow.AddSeconds(-1);
                await RunModeAsync();
                await QueueAsync();
                Shared = PostgresCluster.Problem();
                Team = Shared is null ? await TeamAsync(postgres.CreateDatabase()) : null;
                _built = true;
            }
        }
        finally
        {
            _gate.Release();
        }

        Unread();
    }

    /// <summary>`ias ARGS` in <paramref name="checkout"/> with the night's registry and <paramref name="env"/>.</summary>
    public Task<(int Code, string Out, string Err)> IasAsync(string checkout, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        IasProcess.RunAsync(checkout, (env ?? new Dictionary<string, string>()).Concat(Registry).ToDictionary(), args);

    /// <summary>The checkouts as `ias report --all` lists them from the Run Mode repository: it first, then the others by path.</summary>
    public IReadOnlyList<string> Checkouts =>
        [Runs.Path, .. new[] { Queue.Path }.Concat(Team?.Clones ?? []).Order(StringComparer.Ordinal)];

    /// <summary>Each repository's report as unread as in the morning: last read when the night began, so every check reads the whole night.</summary>
    public void Unread()
    {
        foreach (var checkout in Checkouts)
        {
            File.WriteAllText(Path.Combine(checkout, ".run", "report.read"), Began.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
    }

    public void Dispose()
    {
        Team?.Dispose();
        Queue?.Dispose();
        Runs.Dispose();
        _state.Dispose();
        _gate.Dispose();
    }

    // A sprint runs to DONE; a bug in auth halts at triage without --allow-high; the plan's first sprint trips the breaker
    // at the cycle limit. Each starts from main, as a person starts the next.
    private async Task RunModeAsync()
    {
        Hook = new HookFile(Path.GetDirectoryName(Runs.Path)!);
        await Runs.SetConfigAsync(await File.ReadAllTextAsync(Runs.ConfigPath) + "ias:\n" + Hook.Yaml);
        AssertExit(0, await IasAsync(Runs.Path, null, "run", "sprint-1", "--local", "--headless"));
        await Shell.GitAsync(Runs.Path, "switch", "--quiet", "main");
        Directory.CreateDirectory(Runs.File("auth"));
        await File.WriteAllTextAsync(Runs.File("auth", "session.txt"), "token check\n");
        await Shell.GitAsync(Runs.Path, "add", "-A");
        await Shell.GitAsync(Runs.Path, "commit", "-qm", "auth");
        var scenario = await Scenario.WriteAsync(Runs, """{"bug_file": "auth/session.txt"}""");
        AssertExit(1, await IasAsync(Runs.Path, scenario, "run", "--bug", "Token check rejects valid sessions", "--local", "--headless"));
        await Shell.GitAsync(Runs.Path, "switch", "--quiet", "main");
        AssertExit(1, await IasAsync(Runs.Path, null, "run", "sprint-plan", "--max-cycles", "1", "--local", "--headless"));
    }

    private async Task QueueAsync()
    {
        Queue = await QueueRepo.CreateAsync();
        await Queue.NightAsync(
            """{"fail": [{"role": "reviewer", "mode": "config_error"}], "ask": [{"role": "auditor", "question": "Which cache, Redis or memory?"}]}""",
            ("implementer", "Build the greeting."), ("reviewer", "Review it."), ("auditor", "Audit it."));
        // Its commands ran with the box's registry: one more with the night's makes it remembered there.
        AssertExit(0, await IasAsync(Queue.Path, Queue.Env, "status", "--run", Queue.Run));
    }

    // The first checkout enqueues; the second runs the jobs, one done and one failed, each remembered in the registry.
    private async Task<TeamQueue> TeamAsync(string connection)
    {
        var team = await TeamQueue.CreateAsync(connection, clones: 2);
        await team.ScenarioAsync("""{"fail": [{"role": "reviewer", "mode": "config_error"}]}""");
        await team.EnqueueAsync("auditor", "Audit the session code.");
        await team.EnqueueAsync("reviewer", "Review the farewell.");
        AssertExit(0, await IasAsync(team.Clones[1], team.Env, "run-once", "--run", team.Run));
        AssertExit(1, await IasAsync(team.Clones[1], team.Env, "run-once", "--run", team.Run));
        AssertExit(0, await IasAsync(team.Clones[0], team.Env, "status", "--run", team.Run));
        return team;
    }
}
