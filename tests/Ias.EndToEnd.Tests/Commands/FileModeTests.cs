using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>What ias writes for itself is for its owner alone, under any umask: folders 0700, files 0600, its shims 0700 and its hook writable by the owner only.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    [Fact]
    public async Task Under_umask_000_a_run_leaves_every_folder_under_run_0700_and_every_file_0600_and_its_shim_and_hook_writable_by_the_owner_alone()
    {
        using var repo = new TestRepo();
        using var tools = new TempDir();
        var modes = tools.Combine("modes");

        // The implementer looks at the programs ias put in its way while it runs, and makes ICE write a refusal. It works in
        // its own workspace, so the run's pre-push hook is looked at where ias put it, in the checkout's hooks.
        var script = tools.Combine("implementer.sh");
        await File.WriteAllTextAsync(script, $"""
            #!/bin/bash
            cat >/dev/null
            shim=$(command -v git)
            stat -c '%a %n' "$(dirname "$shim")" "$shim" '{repo.File(".git", "hooks", "pre-push")}' >> '{modes}'
            git push origin HEAD:main 2>/dev/null
            echo "cycle $IAS_CYCLE" >> work.txt
            echo "did cycle $IAS_CYCLE"

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await repo.SetConfigAsync($"run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n  implementer:\n    agent: custom\n    command: {script}\n");

        var run = await IasProcess.RunUnderUmaskAsync(repo.Path, "000", "run", "sprint-1", "--headless");

        RunGit.AssertExit(0, run);
        Assert.True(File.Exists(repo.File(".run", "ice.log")), "the refused push was not logged");
        await AssertOwnerOnlyAsync(repo.File(".run"));
        var seen = (await File.ReadAllLinesAsync(modes)).Select(l => l.Split(' ', 2)).ToList();
        Assert.NotEmpty(seen);
        foreach (var (mode, path) in seen.Select(p => (p[0], p[1])))
        {
            var bits = Convert.ToInt32(mode, 8);
            Assert.True((bits & 0b000_010_010) == 0, $"{path} is {mode}: writable by group or others");
            Assert.True((bits & 0b001_000_000) != 0 || Directory.Exists(path), $"{path} is {mode}: not executable by its owner");
        }

        Assert.Contains(seen, p => p[0] == "700" && p[1].EndsWith("/ice/bin", StringComparison.Ordinal));
        Assert.Contains(seen, p => p[0] == "700" && p[1].EndsWith("/ice/bin/git", StringComparison.Ordinal));
        Assert.Contains(seen, p => p[1].EndsWith("/hooks/pre-push", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_umask_000_a_queue_keeps_its_runner_folder_job_folders_and_logs_for_the_owner_alone()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("agents:\n  default: { agent: sim }\n");
        await DemoTests.Git(repo.Path, "switch", "-q", "-c", "feature/queue");

        foreach (var args in new[]
        {
            new[] { "new-run", "night" },
            ["init", "--run", "night"],
            ["enqueue", "--run", "night", "--role", "implementer", "--prompt", "Write the notes."],
            ["enqueue", "--run", "night", "--role", "reviewer", "--prompt", "Read the notes."],
            ["run-loop", "--run", "night", "--stop-when-idle"],
        })
        {
            RunGit.AssertExit(0, await IasProcess.RunUnderUmaskAsync(repo.Path, "000", args));
        }

        var runner = repo.File("docs", "ias", "runs", "night", "runner");
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(runner, "jobs")));
        await AssertOwnerOnlyAsync(runner);
        await AssertOwnerOnlyAsync(repo.File(".run"));
    }

    [Fact]
    public void A_run_folder_an_older_ias_left_open_is_closed_to_group_and_others()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        File.SetUnixFileMode(paths.RunDir, OwnerOnly.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        paths.EnsureCreated();

        Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(paths.RunDir));
    }

    /// <summary>`stat` on every entry under <paramref name="root"/> (itself included): folders 700, files 600.</summary>
    private static async Task AssertOwnerOnlyAsync(string root)
    {
        var found = await Shell.RunAsync(root, "find", [root, "-exec", "stat", "-c", "%a|%F|%n", "{}", "+"]);
        Assert.True(found.Code == 0, found.Err);
        var entries = found.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|', 3)).ToList();
        Assert.True(entries.Count > 1, found.Out);
        var wrong = entries
            .Where(e => e[0] != (e[1] == "directory" || IsShim(e[2]) ? "700" : "600"))
            .Select(e => $"{e[0]} {e[1]} {e[2]}")
            .ToList();
        Assert.True(wrong.Count == 0, $"not for the owner alone:\n{string.Join('\n', wrong)}");
    }

    // The agent's git and gh shims are programs: the owner's to run, no one else's.
    private static bool IsShim(string path) => Path.GetFileName(Path.GetDirectoryName(path)) == "bin" && path.Contains("/.run/ice/bin/", StringComparison.Ordinal);
}
