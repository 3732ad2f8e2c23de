using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The fault table's causes that take the run's state away, fill its disk, make it read-only, or refuse its publishing.</summary>
public sealed partial class FaultTableTests
{
    private const string DiskFullLine = ": no space left on device; free space and run `ias run-resume`";

    /// <summary>A held engine whose state is taken away under it by <paramref name="remove"/>; then the agent finishes its turn.</summary>
    private static Cause RemovedMidRun(Action<TestRepo> remove) => new(
        (_, env) => Task.FromResult(env),
        async (repo, env) =>
        {
            var (held, release) = await HeldEngineAsync(repo, env);
            await using var engine = held;
            remove(repo);
            await File.WriteAllTextAsync(release, "");
            var code = await engine.ExitAsync();
            return new Result(code, engine.Stdout, engine.Stderr);
        });

    /// <summary>
    /// ias.db deleted, then the unsandboxed engine killed with its agent held mid-turn (a boxed agent would die with its
    /// engine): the agent is orphaned and the dead engine's
    /// pre-push hook stays in .git/hooks. The user's own push to main must pass it, and `ias run-resume` must stop the orphan
    /// and finish the run from the mirrors in .run/.
    /// </summary>
    private static Cause DatabaseDeletedAndEngineKilled() => new(
        async (repo, env) =>
        {
            await AddOriginAsync(repo, env);
            env["PATH"] = RunGit.PathWithoutGh();
            return env;
        },
        async (repo, env) =>
        {
            var (held, _) = await HeldEngineAsync(repo, env, "--no-sandbox");
            await using var engine = held;
            var tag = File.ReadAllText(repo.File(".run", "agent.pid")).Split(' ', StringSplitOptions.TrimEntries)[2];
            File.Delete(repo.File(".run", "ias.db"));
            engine.Kill9();
            await engine.ExitAsync();
            Assert.NotEmpty(await TaggedProcessesAsync(tag)); // the held agent outlives its engine
            Assert.True(IcePrePushHook.IsOurs(repo.File(".git", "hooks", "pre-push")), "the killed engine's hook is still in place");

            // The user's own push to main passes the dead engine's hook; a push from the orphaned agent's family still meets ICE.
            var origin = Path.Combine(env["FAULT_DIR"], "origin.git");
            var own = await CommitOnMainAsync(repo, "main", "my own work");
            var pushed = await Shell.RunAsync(repo.Path, "git", ["push", "origin", $"{own}:refs/heads/main"], new Dictionary<string, string> { ["IAS_PROCESS_TAGS"] = "" });
            Assert.True(pushed.Code == 0, $"the user's push to main was refused:\n{pushed.Err}");
            Assert.Equal(own, (await Shell.GitAsync(origin, "rev-parse", "refs/heads/main")).Trim());
            var agents = await CommitOnMainAsync(repo, own, "the agent's work");
            var refused = await Shell.RunAsync(repo.Path, "git", ["push", "origin", $"{agents}:refs/heads/main"], new Dictionary<string, string> { ["IAS_PROCESS_TAGS"] = tag });
            Assert.NotEqual(0, refused.Code);
            Assert.Contains("ICE: push to protected branch main is blocked", refused.Err, StringComparison.Ordinal);

            // The orphan still holds its turn; the resumed run's agents are plain simulated ones.
            var resume = await repo.IasAsync(env.Where(e => e.Key != "IAS_SIM_SCENARIO").ToDictionary(), "run-resume", "--no-sandbox");
            Assert.Contains("stopped agent process group", resume.Out, StringComparison.Ordinal);
            Assert.Contains("held no run; put run", resume.Out, StringComparison.Ordinal);
            Assert.Empty(await TaggedProcessesAsync(tag)); // no agent is left, as ps sees it
            Assert.False(File.Exists(repo.File(".git", "hooks", "pre-push")), "the resumed run's end takes the hook away");
            return resume;
        });

    /// <summary>
    /// A held engine whose disk fills mid-turn for writes to <paramref name="file"/>; a resume while it is still full says
    /// the same, then the space is freed.
    /// </summary>
    private static Cause DiskFullMidRun(string file) => new(
        (_, env) =>
        {
            env["IAS_FAULT_DISK_FULL"] = file;
            env["IAS_FAULT_DISK_FULL_WHILE"] = Path.Combine(env["FAULT_DIR"], "disk-is-full");
            return Task.FromResult(env);
        },
        async (repo, env) =>
        {
            var (held, release) = await HeldEngineAsync(repo, env);
            await using var engine = held;
            await File.WriteAllTextAsync(env["IAS_FAULT_DISK_FULL_WHILE"], "");
            await File.WriteAllTextAsync(release, "");
            var code = await engine.ExitAsync();

            // The dead engine's lock is nobody's: resuming on a full disk names the disk again, never "another engine".
            var again = await repo.IasAsync(env, "run-resume");
            Assert.True(again.Code == 2, $"resume on a full disk: exit {again.Code}\nstdout: {again.Out}\nstderr: {again.Err}");
            Assert.Contains(DiskFullLine, again.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("another engine", again.Err, StringComparison.Ordinal);

            File.Delete(env["IAS_FAULT_DISK_FULL_WHILE"]);
            return new Result(code, engine.Stdout, engine.Stderr);
        });

    /// <summary>
    /// A finished sprint-1, then `.run/` made read-only and sprint-2 started from main: a read-only mount where the test runs
    /// as root (root writes through any mode bits), chmod 0500 otherwise.
    /// </summary>
    private static Cause ReadOnlyRunDir() => new(
        async (repo, env) =>
        {
            Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
            await DemoTests.Git(repo.Path, "switch", "-q", "main");
            return env;
        },
        async (repo, env) =>
        {
            var run = repo.File(".run");
            if (!OperatingSystem.IsWindows() && !IsRoot)
            {
                File.SetUnixFileMode(run, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                try
                {
                    return await repo.IasAsync(env, "run", "sprint-2");
                }
                finally
                {
                    File.SetUnixFileMode(run, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            // The mount lives in a mount namespace of its own, so it ends with the process.
            var r = await Shell.RunAsync(repo.Path, "unshare", [
                "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind .run .run && mount -o remount,bind,ro .run && exec \"$@\"", "sh",
                .. IasProgram.Default.Command, "run", "sprint-2",
            ], env);
            return new Result(r.Code, r.Out, r.Err);
        });

    /// <summary>The bare origin refuses every push (a pre-receive hook that says no); healing removes the hook.</summary>
    private static Cause RemoteRefusesPush() => new(
        async (repo, env) =>
        {
            await AddOriginAsync(repo, env);
            var hook = Path.Combine(env["FAULT_DIR"], "origin.git", "hooks", "pre-receive");
            await File.WriteAllTextAsync(hook, "#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n");
            IceShim.MakeExecutable(hook);
            env["PATH"] = RunGit.PathWithoutGh();
            return env;
        },
        (repo, env) => PublishFails(repo, env, "the push of feature/sprint-1 to origin was refused: ", "pushes are closed today"));

    /// <summary>gh is signed in but fails to open the draft PR; healing takes that gh off the machine.</summary>
    private static Cause GhFailsToOpenThePr() => new(
        async (repo, env) =>
        {
            await AddOriginAsync(repo, env);
            var bin = Path.Combine(env["FAULT_DIR"], "bin");
            Directory.CreateDirectory(bin);
            var gh = Path.Combine(bin, "gh");
            await File.WriteAllTextAsync(gh, """
                #!/bin/sh
                case "$1 $2" in
                  "auth status") echo 'Logged in to github.com account ias-test'; exit 0 ;;
                  "pr list") exit 0 ;;
                  "pr create") echo 'GraphQL: Head sha can not be blank (createPullRequest)' >&2; exit 1 ;;
                esac
                exit 0

                """);
            IceShim.MakeExecutable(gh);
            env["PATH"] = bin + ":" + RunGit.PathWithoutGh();
            return env;
        },
        (repo, env) => PublishFails(repo, env, "gh could not open the draft PR: ", "GraphQL: Head sha can not be blank (createPullRequest)"));

    /// <summary>
    /// A run whose publishing fails: it stays COMPLETE, and `run-status --json` and `run-resume` say so with exit 3; why,
    /// <paramref name="cause"/> in the remote's or gh's <paramref name="words"/>, is in `run-status` (and its `not_published`)
    /// and under NEEDS YOU in `ias report`, with the command that publishes again.
    /// </summary>
    private static async Task<Result> PublishFails(TestRepo repo, Dictionary<string, string> env, string cause, string words)
    {
        var run = await repo.IasAsync(env, "run", "sprint-1", "--headless");
        var text = await repo.IasAsync(env, "run-status");
        Assert.Contains($"COMPLETE — passed review and audit, not published: {cause}", text.Out);
        Assert.Contains(words, text.Out);
        var report = await repo.IasAsync(env, "report");
        var needs = report.Out[report.Out.IndexOf("NEEDS YOU (1)", StringComparison.Ordinal)..];
        Assert.Matches(@"\n  UNPUBLISHED run-\S+, since .+?: sprint: COMPLETE, passed but not published: ", needs);
        Assert.Contains(words, needs);
        Assert.Contains("\n      ias run-resume\n", needs);

        var status = await repo.IasAsync(env, "run-status", "--json");
        Assert.True(status.Code == 3, $"run-status --json after a failed publish: exit {status.Code}\n{status.Out}{status.Err}");
        Assert.Equal("COMPLETE", JsonDocument.Parse(status.Out).RootElement.GetProperty("state").GetString());
        Assert.Contains(words, JsonDocument.Parse(status.Out).RootElement.GetProperty("not_published").GetString());
        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 3, $"run-resume while publishing still fails: exit {resume.Code}\n{resume.Out}{resume.Err}");
        return run;
    }

    private static async Task AddOriginAsync(TestRepo repo, Dictionary<string, string> env)
    {
        var origin = Path.Combine(env["FAULT_DIR"], "origin.git");
        await Shell.GitAsync(env["FAULT_DIR"], "init", "--quiet", "--bare", "--initial-branch=main", origin);
        await Shell.GitAsync(repo.Path, "remote", "add", "origin", origin);
        await Shell.GitAsync(repo.Path, "push", "--quiet", "origin", "main");
    }

    /// <summary>A commit on top of <paramref name="parent"/> made without touching the work tree (the run's branch is checked out).</summary>
    private static async Task<string> CommitOnMainAsync(TestRepo repo, string parent, string message) =>
        (await Shell.GitAsync(repo.Path, "-c", "user.name=me", "-c", "user.email=me@example.invalid",
            "commit-tree", "-p", parent, "-m", message, $"{parent}^{{tree}}")).Trim();

    /// <summary>The processes whose environment carries <paramref name="tag"/>, as `ps e` lists them.</summary>
    private static async Task<IReadOnlyList<string>> TaggedProcessesAsync(string tag)
    {
        var ps = await Shell.RunAsync("/", "ps", ["-e", "e", "-ww", "-o", "pid=,stat=,args="]);
        return ps.Out.Split('\n').Where(l => l.Contains(tag, StringComparison.Ordinal) && !l.Contains(" ps ", StringComparison.Ordinal))
            .Where(l => l.TrimStart().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries) is [_, var stat, ..] && !stat.StartsWith('Z'))
            .ToList();
    }

    /// <summary>The run's events from before its state was taken away are still in the rebuilt database, with the loss recorded.</summary>
    private static void EventsSurvived(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var runs = new RunRecords(store);
        var events = runs.Events(runs.CurrentRun()!.RunId);
        Assert.Contains(events, e => e.Kind == "transition" && e.Message.StartsWith("JACK_IN → RUNNING", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "agent" && e.Message.StartsWith("session ", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "recover" && e.Message.Contains("went missing mid-run", StringComparison.Ordinal));
    }

    private static bool IsRoot =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid
        && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";

    /// <summary>Removes a file or a directory tree under the repository, as a user's `rm -rf` would.</summary>
    private static void Remove(TestRepo repo, string relative)
    {
        var path = repo.File(relative.Split('/'));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
