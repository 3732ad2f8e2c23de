using System.Diagnostics;
using System.Text.Json;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Tests.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

/// <summary>The hook is what stops a git started by absolute path, so every test pushes with that git, never through a shim.</summary>
public sealed class IcePrePushHookTests
{
    [Fact]
    public void A_push_to_a_protected_branch_by_absolute_path_is_refused_and_logged()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        var hook = Install(o, log.Combine("ice.log"));
        var before = o.OriginRefs();

        var r = AbsoluteGit(o, "push", "origin", "feature/x:main");
        var release = AbsoluteGit(o, "push", "origin", "HEAD:refs/heads/release/1.0");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("ICE: push to protected branch main is blocked", r.Stderr);
        Assert.NotEqual(0, release.ExitCode);
        Assert.Equal(before, o.OriginRefs());
        var entries = ReadLog(log.Combine("ice.log"));
        Assert.Equal(2, entries.Count);
        Assert.Contains("protected branch main", entries[0].GetProperty("reason").GetString());
        Assert.Equal(["git", "push", "origin", "refs/heads/feature/x:refs/heads/main"], entries[0].GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
        Assert.True(entries[0].TryGetProperty("timestamp", out _));
        Assert.True(entries[0].TryGetProperty("cwd", out _));
        Assert.True(File.Exists(hook.HookPath));
    }

    [Fact]
    public void A_forced_non_fast_forward_push_by_absolute_path_is_refused()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        Install(o, log.Combine("ice.log"));
        Assert.Equal(0, AbsoluteGit(o, "push", "origin", "feature/x").ExitCode);
        var pushed = o.OriginSha("feature/x");

        o.Repo.Write("feature.txt", "rewritten\n");
        o.Git.Run("commit", "--quiet", "--amend", "-am", "rewritten");
        var r = AbsoluteGit(o, "push", "--force", "origin", "feature/x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("non-fast-forward", r.Stderr);
        Assert.Equal(pushed, o.OriginSha("feature/x"));
        Assert.Contains("non-fast-forward", File.ReadAllText(log.Combine("ice.log")));
    }

    [Fact]
    public void Deleting_a_remote_branch_by_absolute_path_is_refused()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        Install(o, log.Combine("ice.log"));
        Assert.Equal(0, AbsoluteGit(o, "push", "origin", "feature/x").ExitCode);

        var r = AbsoluteGit(o, "push", "origin", "--delete", "feature/x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("humans delete branches", r.Stderr);
        Assert.NotNull(o.OriginSha("feature/x"));
    }

    [Fact]
    public void A_fast_forward_push_of_the_feature_branch_goes_through()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        Install(o, log.Combine("ice.log"));

        Assert.Equal(0, AbsoluteGit(o, "push", "-u", "origin", "feature/x").ExitCode);
        o.Repo.Write("more.txt", "more\n");
        o.Git.CommitAll("more");
        Assert.Equal(0, AbsoluteGit(o, "push", "origin", "feature/x").ExitCode);

        Assert.Equal(o.Git.HeadSha(), o.OriginSha("feature/x"));
        Assert.False(File.Exists(log.Combine("ice.log")));
    }

    [Fact]
    public void A_users_own_hook_is_chained_while_the_run_lasts_and_restored_byte_for_byte_after()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        var hooks = Path.Combine(o.Repo.Path, ".git", "hooks");
        var seen = log.Combine("user-hook-saw.txt");
        var userHook = $"#!/bin/sh\necho \"$1 $2\" > '{seen}'\ncat >> '{seen}'\n";
        File.WriteAllText(Path.Combine(hooks, "pre-push"), userHook);
        IceShim.MakeExecutable(Path.Combine(hooks, "pre-push"));

        var hook = Install(o, log.Combine("ice.log"));
        Assert.True(IcePrePushHook.IsOurs(hook.HookPath));
        Assert.Equal(userHook, File.ReadAllText(hook.AsidePath));
        hook.Install(); // a resume installs again; the user's hook must stay aside, not be overwritten by ours
        Assert.Equal(userHook, File.ReadAllText(hook.AsidePath));

        Assert.Equal(0, AbsoluteGit(o, "push", "origin", "feature/x").ExitCode);
        Assert.Contains("origin", File.ReadAllText(seen));
        Assert.Contains("refs/heads/feature/x", File.ReadAllText(seen));

        hook.Uninstall();
        Assert.Equal(userHook, File.ReadAllText(Path.Combine(hooks, "pre-push")));
        Assert.False(File.Exists(hook.AsidePath));
    }

    [Fact]
    public void A_refusing_user_hook_still_refuses()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        var hooks = Path.Combine(o.Repo.Path, ".git", "hooks");
        File.WriteAllText(Path.Combine(hooks, "pre-push"), "#!/bin/sh\necho 'user hook says no' >&2\nexit 3\n");
        IceShim.MakeExecutable(Path.Combine(hooks, "pre-push"));
        Install(o, log.Combine("ice.log"));

        var r = AbsoluteGit(o, "push", "origin", "feature/x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("user hook says no", r.Stderr);
        Assert.Null(o.OriginSha("feature/x"));
    }

    [Fact]
    public void The_hook_goes_where_core_hooks_path_points()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        o.Git.Run("config", "core.hooksPath", ".githooks");

        var hook = Install(o, log.Combine("ice.log"));

        Assert.Equal(Path.Combine(o.Repo.Path, ".githooks", "pre-push"), hook.HookPath);
        Assert.NotEqual(0, AbsoluteGit(o, "push", "origin", "feature/x:main").ExitCode);
        hook.Uninstall();
        Assert.False(File.Exists(hook.HookPath));
        Assert.Equal(0, AbsoluteGit(o, "push", "origin", "feature/x:main").ExitCode); // proof the hook was what refused it
    }

    [Fact]
    public void Engines_at_work_together_share_one_hook_unchanged_and_the_last_one_out_puts_the_users_back()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        using var other = Process.Start(new ProcessStartInfo("sleep", "600"))!; // stands in for a second engine
        var hooks = Path.Combine(o.Repo.Path, ".git", "hooks");
        var userHook = "#!/bin/sh\nexit 0\n";
        File.WriteAllText(Path.Combine(hooks, "pre-push"), userHook);
        IceShim.MakeExecutable(Path.Combine(hooks, "pre-push"));
        var mine = Install(o, log.Combine("ice.log"));
        var bytes = File.ReadAllBytes(mine.HookPath);
        var written = File.GetLastWriteTimeUtc(mine.HookPath);

        // A second engine (a queue runner beside a run, say) installs the same bytes: its guard and this one's see no change.
        var theirs = new IcePrePushHook(o.Git, log.Combine("ice.log"), other.Id);
        theirs.Install();
        Assert.Equal(bytes, File.ReadAllBytes(mine.HookPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(mine.HookPath));

        // Either leaving first leaves the hook to the other, which still guards: a push to main is refused.
        mine.Uninstall();
        Assert.Equal(bytes, File.ReadAllBytes(theirs.HookPath));
        Assert.NotEqual(0, AbsoluteGit(o, "push", "origin", "feature/x:main").ExitCode);

        theirs.Uninstall();
        Assert.Equal(userHook, File.ReadAllText(Path.Combine(hooks, "pre-push")));
        Assert.False(File.Exists(theirs.AsidePath));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(o.Repo.Path, ".git", "ias", "engines")));
        other.Kill();
    }

    [Fact]
    public async Task A_hook_whose_engine_died_passes_the_users_own_push_to_main_and_still_refuses_an_agents()
    {
        using var o = new OriginRepo();
        using var log = new TempDir();
        using var engine = Process.Start(new ProcessStartInfo("sleep", "600"))!; // stands in for the engine that installed the hook
        var hook = new IcePrePushHook(o.Git, log.Combine("ice.log"), engine.Id);
        hook.Install();
        Assert.NotEqual(0, AbsoluteGit(o, "push", "origin", "feature/x:main").ExitCode); // its engine alive: ICE refuses

        engine.Kill(); // what kill -9 of the engine leaves: the hook stays in place
        await engine.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var agents = await GitWithEnvAsync(o, new() { ["IAS_PROCESS_TAGS"] = "orphaned-agent" }, "push", "origin", "feature/x:main");
        var users = AbsoluteGit(o, "push", "origin", "feature/x:main");

        Assert.NotEqual(0, agents.Code);
        Assert.Contains("ICE: push to protected branch main is blocked", agents.Err);
        Assert.True(users.ExitCode == 0, users.Stderr);
        Assert.Equal(o.Git.HeadSha(), o.OriginSha("main"));
        Assert.True(IcePrePushHook.IsOurs(hook.HookPath));
    }

    private static async Task<(int Code, string Err)> GitWithEnvAsync(OriginRepo o, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(OriginRepo.AbsoluteGit) { WorkingDirectory = o.Repo.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await err);
    }

    private static IcePrePushHook Install(OriginRepo o, string logPath)
    {
        var hook = new IcePrePushHook(o.Git, logPath);
        hook.Install();
        return hook;
    }

    /// <summary>An agent's git by its full path: not the engine's <see cref="GitCli"/>, whose hooks are always off.</summary>
    private static GitResult AbsoluteGit(OriginRepo o, params string[] args)
    {
        var r = CliProcess.Run(OriginRepo.AbsoluteGit, o.Repo.Path, args, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), "git");
        return new GitResult(r.ExitCode, r.Stdout, r.Stderr);
    }

    private static List<JsonElement> ReadLog(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
