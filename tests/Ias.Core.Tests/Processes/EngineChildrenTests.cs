using System.Diagnostics;
using Ias.Core.Cycles.Engine;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

/// <summary>A killed engine's own git outlives it: the next engine finds it by the dead engine's tag and lets it finish.</summary>
public sealed class EngineChildrenTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(30);

    private readonly TempDir _dir = new();
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var p in _started)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }

            p.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task A_tool_an_engine_starts_carries_its_tag_and_one_started_outside_an_engine_does_not()
    {
        var lockPath = _dir.Combine(".run", "engine.lock");

        var inEngine = await Task.Run(() =>
        {
            EngineChildren.Own(lockPath, "pid 10 on a");
            return Tags();
        });
        var outside = Tags();

        Assert.Contains(EngineChildren.TagOf(lockPath, "pid 10 on a"), inEngine.Split(',', StringSplitOptions.TrimEntries));
        Assert.DoesNotContain(EngineChildren.TagOf(lockPath, "pid 10 on a"), outside, StringComparison.Ordinal);
        Assert.NotEqual(EngineChildren.TagOf(lockPath, "pid 10 on a"), EngineChildren.TagOf(_dir.Combine("other", ".run", "engine.lock"), "pid 10 on a"));
    }

    [Fact]
    public async Task The_next_engine_waits_while_a_dead_engines_tool_writes_and_leaves_other_processes_alone()
    {
        var lockPath = _dir.Combine(".run", "engine.lock");
        var go = _dir.Combine("go");
        var written = _dir.Combine("written");
        using (var mkfifo = Process.Start("mkfifo", [go]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var tool = Start(EngineChildren.TagOf(lockPath, "pid 10 on a"), $"read -r _ < '{go}'; echo whole > '{written}'");
        var stranger = Start(EngineChildren.TagOf(lockPath, "pid 11 on a"), "exec sleep 600");
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);

        // The clock is held: the wait cannot end before the test moves it, after the tool has finished.
        var waiting = EngineChildren.OutliveAsync(lockPath, "pid 10 on a", TimeSpan.FromSeconds(30), clock, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await File.WriteAllTextAsync(go, "go\n");
        await tool.WaitForExitAsync().WaitAsync(TestLimit);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await waiting.WaitAsync(TestLimit));
        Assert.Equal("whole\n", await File.ReadAllTextAsync(written));
        Assert.False(stranger.HasExited, "a process of another engine was stopped");
    }

    [Fact]
    public async Task A_dead_engines_tool_that_outlives_the_limit_is_killed()
    {
        var lockPath = _dir.Combine(".run", "engine.lock");
        var tool = Start(EngineChildren.TagOf(lockPath, "pid 10 on a"), "exec sleep 600");
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);

        var waiting = EngineChildren.OutliveAsync(lockPath, "pid 10 on a", TimeSpan.FromSeconds(30), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, await waiting.WaitAsync(TestLimit));
        await tool.WaitForExitAsync().WaitAsync(TestLimit);
    }

    [Fact]
    public async Task An_engine_that_takes_over_from_a_killed_one_waits_for_its_git_before_it_starts()
    {
        using var repo = new GitRepo();
        using var engine = new TestEngine(repo.Path, new CountingAgent());
        var ctx = engine.Context;
        await File.WriteAllTextAsync(Path.ChangeExtension(ctx.Paths.EngineLock, ".owner"), "pid 10 on a\n");
        var tool = Start(EngineChildren.TagOf(ctx.Paths.EngineLock, "pid 10 on a"), "exec sleep 600");
        var lines = new List<string>();
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);

        // The tool never ends: the takeover kills it once the engine's clock passes the limit (30 s).
        var takeover = OrphanAgents.StopAsync(ctx with { Progress = lines.Add, Clock = clock }, CancellationToken.None);
        Assert.False(takeover.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(31));
        await takeover.WaitAsync(TestLimit);

        await tool.WaitForExitAsync().WaitAsync(TestLimit);
        Assert.Contains("waited for 1 git process(es) left running by the engine that stopped (pid 10 on a)", lines);
    }

    /// <summary>The tags a tool the engine runs (as it runs git) finds in its environment.</summary>
    private string Tags() =>
        CliProcess.Run("/bin/sh", _dir.Path, ["-c", "echo \"${IAS_PROCESS_TAGS:-none}\""], new Dictionary<string, string>(), TestLimit, "sh").Stdout.Trim();

    private Process Start(string tag, string script)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", script]);
        psi.Environment[ProcessFamily.TagVariable] = tag;
        var p = Process.Start(psi)!;
        _started.Add(p);
        return p;
    }
}
