using System.Text.Json;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>
/// The agent's view: a shell whose PATH starts with the run's shim, in a repository whose origin is a bare repository.
/// Whatever the agent types — through the shim, chained, through aliases, or by absolute path — protected refs on
/// origin stay as they were, nothing merges, no branch is deleted, nothing is force-pushed, and each refusal is logged.
/// </summary>
public sealed class IceShimTests
{
    [Fact]
    public async Task No_command_sequence_from_the_agent_changes_a_protected_ref_merges_deletes_or_force_pushes()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        await Shell.GitAsync(repo.Path, "switch", "-q", "-c", "feature/other");
        await File.WriteAllTextAsync(repo.File("other.txt"), "other\n");
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", "other work");
        await Shell.GitAsync(repo.Path, "push", "-q", "origin", "feature/other");
        await Shell.GitAsync(repo.Path, "switch", "-q", "-c", "feature/x", "main");
        Directory.CreateDirectory(repo.File("sub"));
        await File.WriteAllTextAsync(repo.File("sub", "x.txt"), "x\n");
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", "feat(sprint-1): cycle 1 — x");
        var env = InstallIce(repo, gh);
        var git = IceShim.FindReal("git", Environment.GetEnvironmentVariable("PATH")!, "/nonexistent")!;

        // Allowed: the agent may push its feature branch (and this gives the non-fast-forward attempts below a target).
        var allowed = await Shell.ShAsync(repo.Path, "git push -q -u origin feature/x && gh pr create --draft --title t --body b", env);
        Assert.True(allowed.Code == 0, allowed.Err);
        var mainBefore = await origin.ShaAsync("main");
        var featureBefore = await origin.ShaAsync("feature/x");
        var otherBefore = await origin.ShaAsync("feature/other");

        string[] attacks =
        [
            "git push --force origin main",
            "git push origin feature/x:main",
            "git push origin HEAD:refs/heads/release/1.0",
            "git merge feature/other",
            "git pull origin feature/other",
            "git branch -D feature/other",
            "git checkout main",
            "git switch master",
            "cd sub && git push -f origin feature/x",
            "cd sub && true && git -C .. push origin HEAD:master",
            "git push origin :feature/other",
            "git push --delete origin feature/other",
            "git push --mirror origin",
            "git push --no-verify origin feature/x:main",
            "git -c core.hooksPath=/dev/null push origin feature/x:main",
            "GIT_CONFIG_PARAMETERS=\"'core.hooksPath'='/dev/null'\" git push origin feature/x:main",
            "git config alias.ship 'push origin +HEAD:main' && git ship",
            "git config alias.m merge && git m feature/other",
            "gh pr merge 7 --squash",
            "gh pr create --title 'not a draft' --body b",
            $"{git} push origin feature/x:main",
            $"{git} push origin --delete feature/other",
            $"echo amended >> sub/x.txt && {git} commit -qam amended --amend && {git} push --force origin feature/x",
        ];
        var refusals = 0;
        foreach (var attack in attacks)
        {
            var r = await Shell.ShAsync(repo.Path, attack, env);
            Assert.True(r.Code != 0, $"`{attack}` was allowed:\n{r.Out}{r.Err}");
            Assert.Contains("ICE: ", r.Err);
            refusals++;
        }

        Assert.Equal(mainBefore, await origin.ShaAsync("main"));
        Assert.Equal(featureBefore, await origin.ShaAsync("feature/x"));
        Assert.Equal(otherBefore, await origin.ShaAsync("feature/other"));
        Assert.Null(await origin.ShaAsync("master"));
        Assert.Null(await origin.ShaAsync("release/1.0"));
        Assert.Equal("feature/x", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
        Assert.Contains("feature/other", await Shell.GitAsync(repo.Path, "branch", "--list", "feature/other"));
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "rev-list", "--merges", "--all")).Trim());
        Assert.DoesNotContain(gh.Calls, c => c is ["pr", "merge", ..]);
        Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);

        var log = File.ReadAllLines(IceLog.PathFor(new RunPaths(repo.Path))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(refusals, log.Count);
        Assert.All(log, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString()));
            Assert.True(e.GetProperty("argv").GetArrayLength() > 1);
            Assert.StartsWith(repo.Path, e.GetProperty("cwd").GetString());
        });
        Assert.Contains(log, e => e.GetProperty("cwd").GetString() == repo.File("sub"));
        Assert.Contains(log, e => e.GetProperty("reason").GetString()!.Contains("pre-push hook"));
    }

    [Fact]
    public async Task Allowed_commands_run_the_real_git_with_the_agents_stdin_stdout_and_exit_code()
    {
        using var repo = new TestRepo();
        using var gh = new FakeGh();
        var env = InstallIce(repo, gh);

        var log = await Shell.ShAsync(repo.Path, "git log --format=%s -1", env);
        var commit = await Shell.ShAsync(repo.Path, "echo piped > p.txt && git add p.txt && echo 'message from stdin' | git commit -q -F - && git log -1 --format=%s", env);
        var missing = await Shell.ShAsync(repo.Path, "git rev-parse --verify --quiet no-such-ref", env);

        Assert.Equal((0, "Initial commit: config and sprint plan\n"), (log.Code, log.Out));
        Assert.Equal("message from stdin\n", commit.Out);
        Assert.Equal(1, missing.Code);
        Assert.False(File.Exists(IceLog.PathFor(new RunPaths(repo.Path))));
    }

    [Fact]
    public async Task The_gh_shim_is_written_only_when_gh_is_installed()
    {
        using var repo = new TestRepo();
        var paths = new RunPaths(repo.Path);

        IceShim.Write(paths, IasCommand(), "/usr/bin:/bin");

        Assert.True(File.Exists(Path.Combine(IceShim.BinDir(paths), "git")));
        Assert.False(File.Exists(Path.Combine(IceShim.BinDir(paths), "gh")));
        IceShim.Remove(paths);
        Assert.False(Directory.Exists(Path.Combine(paths.RunDir, "ice")));
    }

    /// <summary>Writes the shim and the hook as a run does and returns the environment the agent's shell gets.</summary>
    private static Dictionary<string, string> InstallIce(TestRepo repo, FakeGh gh)
    {
        var paths = new RunPaths(repo.Path);
        paths.EnsureCreated();
        IceShim.Write(paths, IasCommand(), gh.SearchPath);
        new IcePrePushHook(new GitCli(repo.Path), IceLog.PathFor(paths)).Install();
        return new Dictionary<string, string> { ["PATH"] = IceShim.AgentPath(paths, gh.SearchPath) };
    }

    /// <summary>The ias under test, started the way the test process starts it.</summary>
    internal static string[] IasCommand() => [.. IasProgram.Default.Command];
}
