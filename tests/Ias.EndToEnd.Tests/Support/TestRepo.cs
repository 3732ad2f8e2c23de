using Ias.Core.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>A demo-shaped repository (Run Mode on, simulated agent, two sprints) with its config editable per test.</summary>
public sealed class TestRepo : IDisposable
{
    private readonly TempDir _dir = new();

    public TestRepo()
    {
        Path = _dir.Combine("repo");
        DemoCommand.Create(Path);
    }

    public string Path { get; }

    public string ConfigPath => File(".loa.config.yaml");

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A file as <paramref name="branch"/> holds it: a run's work is committed there, its worktree given back at its end.</summary>
    public Task<string> OnBranchAsync(string path, string branch = "feature/sprint-1") => Commands.DemoTests.Git(Path, "show", $"{branch}:{path}");

    /// <summary>The worktree a run on <paramref name="branch"/> works in, and a file in it: a run never works in the checkout.</summary>
    public string WorkTree(string branch = "feature/sprint-1", params string[] parts) =>
        System.IO.Path.Combine([Path, ".git", "ias", "worktrees", branch.Replace('/', '-'), .. parts]);

    /// <summary>Replaces the config and commits it, so the work tree stays clean.</summary>
    public async Task SetConfigAsync(string yaml)
    {
        await System.IO.File.WriteAllTextAsync(ConfigPath, yaml);
        await Commands.DemoTests.Git(Path, "commit", "-qam", "config");
    }

    public Task<(int Code, string Out, string Err)> IasAsync(params string[] args) =>
        IasProcess.RunAsync(Path, null, args);

    public Task<(int Code, string Out, string Err)> IasAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        IasProcess.RunAsync(Path, env, args);

    /// <summary>Whether an engine holds this repository's lock right now.</summary>
    public bool EngineAlive => Ias.Core.Storage.EngineLock.IsHeld(File(".run", "engine.lock"), out _);

    public void Dispose()
    {
        // A test that failed half-way may leave a detached engine and its agent running, in `.run/` or a lane: stop them.
        foreach (var lane in new Ias.Core.Storage.RunPaths(Path).Lanes().Select(l => l.LaneDir))
        {
            var owner = System.IO.Path.Combine(lane, "engine.owner");
            if (Ias.Core.Storage.EngineLock.IsHeld(System.IO.Path.Combine(lane, "engine.lock"), out _) && System.IO.File.Exists(owner)
                && System.IO.File.ReadAllText(owner).Split(' ') is [_, var pid, ..])
            {
                System.Diagnostics.Process.Start("kill", ["-9", pid])!.WaitForExit(5000);
            }

            var agent = System.IO.Path.Combine(lane, "agent.pid");
            if (System.IO.File.Exists(agent) && System.IO.File.ReadAllText(agent).Split(' ') is [var group, ..])
            {
                System.Diagnostics.Process.Start("kill", ["-9", "--", "-" + group.Trim()])!.WaitForExit(5000);
            }
        }

        _dir.Dispose();
    }
}
