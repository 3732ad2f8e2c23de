using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Plans;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Tests.Dashboard;

namespace Ias.Tui.Tests.Support;

/// <summary>A demo-shaped repository (Run Mode on, the simulated agent, two sprints), its runs made by an engine in this process.</summary>
internal sealed class DemoRepo : IDisposable
{
    private readonly TempDir _dir = new();

    public DemoRepo()
    {
        Path = _dir.Combine("repo");
        DemoCommand.Create(Path);
    }

    public string Path { get; }

    public string ConfigPath => File(".loa.config.yaml");

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>`git ARGS` in the repository; its output.</summary>
    public string Git(params string[] args) => new GitCli(Path).Run(args);

    /// <summary>Has the simulated agent play <paramref name="json"/> in every engine of this repository, as the demo's paces do.</summary>
    public async Task ScenarioAsync(string json)
    {
        Directory.CreateDirectory(File(".run"));
        await System.IO.File.WriteAllTextAsync(File(".run", "demo-scenario.json"), json);
    }

    /// <summary>Replaces the config and commits it, so the work tree stays clean.</summary>
    public async Task SetConfigAsync(string yaml)
    {
        await System.IO.File.WriteAllTextAsync(ConfigPath, yaml);
        Git("commit", "-qam", "config");
    }

    /// <summary>
    /// Runs <paramref name="sprint"/> to its end as `ias run SPRINT --headless --local` does, with the engine in this
    /// process: the repository's config, its `.run/`, the box, and each agent a real child process (`ias sim-agent`).
    /// </summary>
    public Task<RunSnapshot> SprintAsync(string sprint = "sprint-1") =>
        HostedAsync((ctx, options) => new RunEngine(ctx).StartAsync(new StartRequest(sprint, options, Branch: null), CancellationToken.None));

    /// <summary>Runs the whole sprint plan as `ias run sprint-plan --headless --local` does, with the engine in this process.</summary>
    public Task PlanAsync() =>
        HostedAsync((ctx, options) => new SprintPlanRunner(ctx).StartAsync(new PlanRequest(null, null, Consolidate: true, options), CancellationToken.None));

    /// <summary>Opens the repository's engine as `ias run --headless` does and runs <paramref name="run"/> with the config's limits, local.</summary>
    private async Task<T> HostedAsync<T>(Func<EngineContext, RunOptions, Task<T>> run)
    {
        using var host = EngineHost.Open(Path, _ => { });
        var config = host.Context.Config.RunMode;
        return await run(host.Context, new RunOptions(config.MaxCycles, config.TimeoutHours, Local: true));
    }

    /// <summary>`ias dashboard FLAGS` on this repository, on a terminal <paramref name="width"/> by <paramref name="height"/>.</summary>
    public DashboardDriver Dashboard(int width, int height, params string[] flags) => DashboardDriver.Open(Path, width, height, flags);

    public void Dispose() => _dir.Dispose();
}
