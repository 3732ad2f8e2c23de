using Ias.Core.Tests.Support;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>What a newcomer meets first, through the real `ias`: where to start, where not to run it, and the words for a run's end.</summary>
public sealed class FirstStepsTests
{
    public static TheoryData<string[]> RepositoryCommands => new()
    {
        new[] { "run", "sprint-1" },
        new[] { "run-status" },
        new[] { "run-resume" },
        new[] { "dashboard" },
        new[] { "new-run", "night" },
        new[] { "init" },
        new[] { "enqueue", "--role", "implementer", "--prompt", "x" },
        new[] { "run-once" },
        new[] { "status" },
        new[] { "decisions" },
    };

    [Theory]
    [MemberData(nameof(RepositoryCommands))]
    public async Task Outside_a_git_repository_a_command_says_so_first_and_leaves_nothing_behind(string[] args)
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await IasProcess.RunAsync(dir.Path, args);

        Assert.Equal(2, code);
        Assert.Equal($"ias: {dir.Path} is not in a git repository; run ias inside one, pass --repo PATH, or try `ias demo`, which makes one", stderr.Trim());
        Assert.Equal("", stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Repo_names_the_repository_whether_it_comes_before_or_after_the_command()
    {
        using var outside = new TempDir();
        using var repo = new TestRepo();

        var before = await IasProcess.RunAsync(outside.Path, "--repo", repo.Path, "run-status");
        var after = await IasProcess.RunAsync(repo.Path, "run-status", "--repo", outside.Path);

        Assert.Contains("no run here yet", before.Out);
        Assert.Contains($"{outside.Path} is not in a git repository", after.Err);
    }

    [Theory]
    [InlineData]
    [InlineData("help")]
    public async Task Ias_alone_and_ias_help_say_where_to_start(params string[] args)
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await IasProcess.RunAsync(dir.Path, args);

        Assert.True(code == 0, stderr);
        Assert.Contains("  ias demo ", stdout);
        Assert.Contains("  ias help keys ", stdout);
        Assert.Contains("  ias init-repo ", stdout);
        Assert.Contains("  ias bootstrap ", stdout);
    }

    [Fact]
    public async Task A_job_that_fails_for_good_says_its_cause_on_the_runners_line()
    {
        using var queue = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: custom, command: /nonexistent/agent-cli }\n");
        await queue.OkAsync("enqueue", "--run", queue.Run, "--role", "implementer", "--prompt", "do it");

        var once = await queue.IasAsync("run-once", "--run", queue.Run);

        Assert.Equal(1, once.Code);
        var line = Assert.Single(once.Out.Split('\n'), l => l.Contains(" failed: ", StringComparison.Ordinal));
        Assert.Contains("/nonexistent/agent-cli", line);
        Assert.Contains("retrying cannot help", line);
    }

    [Fact]
    public async Task A_finished_run_is_DONE_in_run_status_as_in_the_dashboard_with_the_state_files_name_beside_it()
    {
        using var repo = new TestRepo();
        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--local");
        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Contains(" DONE after ", run.Out);

        var status = await repo.IasAsync("run-status");

        Assert.Contains("DONE — passed (JACKED_OUT in state.json)", status.Out);
        Assert.Contains("pr         none (local run); its text is in .run/pr.md", status.Out);
        Assert.True(File.Exists(repo.File(".run", "pr.md")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_run_whose_agent_the_box_cannot_show_is_refused_in_one_line_before_any_turn()
    {
        using var repo = new TestRepo();
        using var outside = new TempDir();
        var agent = outside.Combine("agent");
        await File.WriteAllTextAsync(agent, "#!/nonexistent/interpreter\necho never\n");
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await repo.SetConfigAsync($"run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n  implementer:\n    agent: custom\n    command: {agent}\n");

        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--local");

        Assert.Equal(2, run.Code);
        var error = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("/nonexistent/interpreter", error);
        Assert.False(Directory.Exists(repo.File(".run", "jobs")), "no agent turn ran");
    }

    [Fact]
    public async Task Demo_clean_lists_this_users_finished_demos_asks_and_keeps_a_running_one_and_folders_not_its_own()
    {
        using var temp = new TempDir();
        var env = new Dictionary<string, string> { ["TMPDIR"] = temp.Path, ["XDG_CACHE_HOME"] = temp.Combine("cache") };
        var demo = await IasProcess.RunAsync(temp.Path, env, "demo", "--headless");
        Assert.True(demo.Code == 0, demo.Out + demo.Err);
        Assert.Contains("ias demo --clean removes the finished demos' repositories", demo.Out);
        var finished = Assert.Single(Directory.GetDirectories(temp.Path, "ias-demo-*"));
        Assert.Single(Directory.GetDirectories(temp.Combine("cache", "ias", "workspaces"))); // the box's workspace of its run
        var running = temp.Combine("ias-demo-running");
        DemoCommand.Create(running);
        Directory.CreateDirectory(Path.Combine(running, ".run"));
        new CheckoutRegistry(CheckoutRegistry.UserFolder(StateHome.For(temp.Path), null)).Remember(running);
        using var engine = EngineLock.TryAcquire(Path.Combine(running, ".run", "engine.lock"), "a test's engine", out _);
        Assert.NotNull(engine);
        var notOurs = temp.Combine("ias-demo-notes");
        Directory.CreateDirectory(notOurs);
        var othersDemo = temp.Combine("ias-demo-of-another-run"); // a demo, but not in this user's registry
        DemoCommand.Create(othersDemo);
        Directory.CreateDirectory(Path.Combine(othersDemo, ".run"));

        var asked = await IasProcess.RunAsync(temp.Path, env, "demo", "--clean");

        Assert.Equal((2, "ias: no terminal to ask at, so nothing was removed: pass --yes to remove the demos above"), (asked.Code, asked.Err.TrimEnd()));
        Assert.Equal($"to remove: {finished}", asked.Out.Trim());
        Assert.True(Directory.Exists(finished));

        var clean = await IasProcess.RunAsync(temp.Path, env, "demo", "--clean", "--yes");

        Assert.True(clean.Code == 0, clean.Err);
        Assert.Equal([$"to remove: {finished}", $"removed 1 demo repository from {temp.Path}; kept 1 still running (halt it with ias run-halt --repo PATH first)"], clean.Out.Trim().Split('\n'));
        Assert.False(Directory.Exists(finished));
        Assert.Empty(Directory.GetDirectories(temp.Combine("cache", "ias", "workspaces")));
        Assert.True(Directory.Exists(running));
        Assert.True(Directory.Exists(notOurs));
        Assert.True(Directory.Exists(othersDemo));
    }
}
