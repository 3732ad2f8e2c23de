using System.Runtime.Versioning;
using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// What the engine costs around its agents, as counts rather than time: the gits a cycle starts, and the `.run/` mirrors
/// written without waiting for the disk (ias.db keeps the run) yet still whole for every reader.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class EngineOverheadTests
{
    // The demo's two cycles (implement, review; implement, review, audit), pre-flight and the local publish: 96 gits before
    // they were counted, 49 since. The agent's private workspace then added what its design needs, 59 for the run's five
    // turns: a sync in the box before each turn (fetch, checkout, clean, listing its refs), the patch after each writing
    // turn (add, diff, listing refs, the base check) and its apply, and a commit of the checkout's state when the engine
    // left its own files uncommitted (status, add, write-tree, commit-tree): 108 in all. Then a run's own checks of what a
    // newcomer lacks: that --repo is a git work tree, git's author and committer (git var, as a commit resolves them), and
    // at the end the branch the checkout was switched from, for the way back: 112, the bound. (The COMPLETED commit asks
    // the status which changes are the run's, and commits those without a second look: the same count.) Then git's own reading
    // of each writing turn's patch, so the engine judges what git will apply (read-tree of the base into a throwaway index,
    // one apply there that also lists the paths, ls-files of the tree it makes: three a writing turn, six here) and the
    // checkout's object folder found once a run for the patch's git dir: 119, the bound 120. A git per file or per save
    // again would not fit; a new check must make room for itself.
    private const int GitsPerCycle = 60;

    [Fact]
    public async Task A_cycle_of_the_demo_run_starts_at_most_a_bounded_number_of_gits()
    {
        using var repo = new TestRepo();
        using var bin = new TempDir();
        var log = bin.Combine("git.log");
        var wrapper = bin.Combine("git");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexec '{RealGit}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string> { ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}" };

        var run = await repo.IasAsync(env, "run", "sprint-1", "--headless", "--local");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        var cycles = State(repo).GetProperty("cycles").GetProperty("current").GetInt32();
        Assert.Equal(2, cycles);
        var gits = await File.ReadAllLinesAsync(log);
        Assert.True(gits.Length <= GitsPerCycle * cycles, $"{gits.Length} gits for {cycles} cycles (at most {GitsPerCycle} a cycle):\n{string.Join('\n', gits)}");

        // The same work still lands: three commits on the run's branch, and a clean tree.
        Assert.Equal(3, State(repo).GetProperty("metrics").GetProperty("commits").GetInt32());
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "status", "--porcelain")).Trim());
    }

    [StraceFact]
    public async Task The_run_s_mirrors_are_renamed_into_place_whole_without_an_fsync_and_nothing_else_loses_its_fsync()
    {
        using var repo = new TestRepo();
        using var trace = new TempDir();
        var log = trace.Combine("strace.log");

        // strace takes the place of the shell and runs ias under it; -y names the file behind each descriptor, and
        // --seccomp-bpf stops the traced processes at the five calls asked for only (half the time of stopping at every call).
        var run = await IasProcess.RunFromShellAsync(repo.Path, $"exec strace -f --seccomp-bpf -y -e trace=fsync,fdatasync,rename,renameat,renameat2 -o '{log}' \"$@\"",
            "run", "sprint-1", "--headless", "--local");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        var calls = await File.ReadAllLinesAsync(log);
        string[] mirrors = ["state.json", "circuit-breaker.json", "rate-limit.json"];
        foreach (var mirror in mirrors)
        {
            Assert.Contains(calls, c => c.Contains("rename", StringComparison.Ordinal) && c.Contains($"/.run/{mirror}\"", StringComparison.Ordinal));
            Assert.DoesNotContain(calls, c => c.Contains("fsync", StringComparison.Ordinal) && c.Contains($"/.run/.{mirror}.", StringComparison.Ordinal));
        }

        // Files that no database holds are still flushed before their rename: the PR text and the run's feedback.
        Assert.Contains(calls, c => c.Contains("fsync", StringComparison.Ordinal) && c.Contains("/.run/.pr.md.", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Contains("fsync", StringComparison.Ordinal) && c.Contains("/a2a/sprint-1/.", StringComparison.Ordinal));

        // Each mirror reads whole, and no temp file is left behind.
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
        foreach (var mirror in mirrors)
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", mirror)));
        }

        Assert.Empty(Directory.GetFiles(repo.File(".run"), ".*.tmp"));
    }

    private static string RealGit => IceShim.FindReal("git", Environment.GetEnvironmentVariable("PATH") ?? "", "/nonexistent")
        ?? throw new InvalidOperationException("git is not installed");

    private static JsonElement State(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;
}
