using Ias.Core.Control;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Git;
using Ias.Core.Plans;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Tests.Dashboard;

namespace Ias.Tui.Tests.Support;

/// <summary>A demo-shaped repository (Run Mode on, the simulated agent, two sprints), its runs made by an engine in this process.</summary>
internal sealed class DemoRepo : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private int _read;
    private (string Text, TaskCompletionSource Seen)? _waiter;

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

    /// <summary>A file as the run's branch holds it: a run works in a worktree of its own, given back when it ends.</summary>
    public string OnBranch(string path, string branch = "feature/sprint-1") => Git("show", $"{branch}:{path}");

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

    /// <summary>The progress lines of the last engine this repository opened, each ending in a newline, as `ias run --headless` prints them.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Concat(_output.Select(l => l + "\n"));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="sprint"/> to its end as `ias run SPRINT --headless --local` does, with the engine in this
    /// process: the repository's config, its `.run/`, the box, and each agent a real child process (`ias sim-agent`).
    /// </summary>
    /// <param name="sprint">The sprint to run.</param>
    /// <param name="noSandbox">`--no-sandbox`: the agents run outside the box.</param>
    /// <param name="steps">The engine's steps, when a test adds one; ias's own by default.</param>
    public Task<RunSnapshot> SprintAsync(string sprint = "sprint-1", bool noSandbox = false, RunSteps? steps = null) =>
        HostedAsync(noSandbox, (ctx, options) =>
            new RunEngine(ctx) { Steps = steps ?? RunSteps.Builtin }.StartAsync(new StartRequest(sprint, options, Branch: null), CancellationToken.None));

    /// <summary>Runs the whole sprint plan as `ias run sprint-plan --headless --local` does, with the engine in this process.</summary>
    public Task<SprintPlanState> PlanAsync() =>
        HostedAsync(noSandbox: false, (ctx, options) => new SprintPlanRunner(ctx).StartAsync(new PlanRequest(null, null, Consolidate: true, options), CancellationToken.None));

    /// <summary>The plan `ias run sprint-plan --dry-run --local` prints under its first line, one line each.</summary>
    public IReadOnlyList<string> PlanDryRun()
    {
        using var host = EngineHost.Open(Path, _ => { }, writeNothing: true);
        var config = host.Context.Config.RunMode;
        return [.. new SprintPlanRunner(host.Context).DryRun(new PlanRequest(null, null, Consolidate: true, new RunOptions(config.MaxCycles, config.TimeoutHours, DryRun: true, Local: true)))];
    }

    /// <summary>Resumes the halted run in this process as `ias run-resume --headless` does; <paramref name="reloadConfig"/> adds `--reload-config --yes`.</summary>
    public async Task<RunSnapshot> ResumeAsync(bool reloadConfig = false)
    {
        Reset();
        if (reloadConfig)
        {
            Assert.True(InputsReload.Run(new RunPaths(Path), yes: true, _ => null, TimeProvider.System));
        }

        using var host = EngineHost.Open(Path, Say, resuming: true);
        return await new RunEngine(host.Context).ResumeAsync(resetIce: false, force: false, CancellationToken.None);
    }

    /// <summary>`ias run-halt --force --reason REASON`: whether the halt reached a live engine.</summary>
    public bool Halt(string reason) => new EngineClient(new RunPaths(Path), TimeProvider.System).Halt(reason, force: true).Sent;

    /// <summary>Once the engine says a line holding <paramref name="text"/> after the last line waited for; fails past a deadline only a hang reaches.</summary>
    public async Task WaitForLineAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.FindIndex(_read, l => l.Contains(text, StringComparison.Ordinal)) is var i and >= 0)
            {
                _read = i + 1;
                return;
            }

            _read = _output.Count;
            _waiter = (text, seen);
        }

        try
        {
            await seen.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the engine never said \"{text}\"; it said:\n{Output}");
        }
    }

    /// <summary>Opens the repository's engine as `ias run --headless` does and runs <paramref name="run"/> with the config's limits, local.</summary>
    private async Task<T> HostedAsync<T>(bool noSandbox, Func<EngineContext, RunOptions, Task<T>> run)
    {
        Reset();
        using var host = EngineHost.Open(Path, Say, noSandbox);
        var config = host.Context.Config.RunMode;
        return await run(host.Context, new RunOptions(config.MaxCycles, config.TimeoutHours, Local: true, Unsandboxed: noSandbox));
    }

    private void Reset()
    {
        lock (_gate)
        {
            _output.Clear();
            _read = 0;
        }
    }

    private void Say(string line)
    {
        lock (_gate)
        {
            _output.Add(line);
            if (_waiter is { } waiter && line.Contains(waiter.Text, StringComparison.Ordinal))
            {
                _waiter = null;
                _read = _output.Count;
                waiter.Seen.TrySetResult();
            }
        }
    }

    /// <summary>`ias dashboard FLAGS` on this repository, on a terminal <paramref name="width"/> by <paramref name="height"/>.</summary>
    public DashboardDriver Dashboard(int width, int height, params string[] flags) => DashboardDriver.Open(Path, width, height, flags);

    public void Dispose() => _dir.Dispose();
}
