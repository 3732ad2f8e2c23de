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

    /// <summary>
    /// An uncommitted edit and an untracked file of the person's, and a scenario holding each implementer in cycle 1 until
    /// the release file is written: the environment of the runs and that file.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string> Env, string Release)> PersonsEditsAndHeldImplementerAsync()
    {
        var release = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(this, $$"""{"hold_file": {{System.Text.Json.JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await System.IO.File.AppendAllTextAsync(File(".loa.config.yaml"), "# a person's note\n");
        await System.IO.File.WriteAllTextAsync(File("notes.txt"), "a person's work in progress\n");
        return (env, release);
    }

    /// <summary>The person's checkout as a sample: its branch, HEAD, status, and the edit and file of <see cref="PersonsEditsAndHeldImplementerAsync"/>.</summary>
    public (string? Branch, string Head, string Status, string Config, string Notes) Checkout()
    {
        var git = new Ias.Core.Git.GitCli(Path);
        return (git.CurrentBranch(), git.HeadSha()!, git.Run("status", "--porcelain=v1", "--untracked-files=all"),
            System.IO.File.ReadAllText(File(".loa.config.yaml")), System.IO.File.ReadAllText(File("notes.txt")));
    }

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
