using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>
/// The setup guide's steps on real repositories: each answers the refusal pre-flight gives at that moment, in its words;
/// taken, they leave a repository pre-flight passes; declined or only told, they change nothing; a file of the user's is
/// changed by one line or not at all, and what only a person can do stops the guide before any change.
/// </summary>
public sealed class RepoSetupTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly CountingAgent _agent = new();

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.Path;

    [Fact]
    public void Taken_in_a_fresh_repository_the_steps_write_the_config_and_a_starter_plan_commit_only_them_and_pre_flight_asks_for_the_sprint()
    {
        var git = Fresh();

        var taken = RepoSetup.Inspect(Root, "codex", TimeProvider.System).Walk(_ => true, apply: true);

        Assert.Equal(
            [
                "write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: codex",
                "write a starter sprint plan grimoires/loa/sprint.md with ## Sprint 1",
                "commit .loa.config.yaml and grimoires/loa/sprint.md as \"Set up Run Mode (ias init-repo)\"",
            ],
            taken.Select(s => s.Offer));
        Assert.Equal(RepoSetup.CommitMessage, git.Run("log", "-1", "--format=%s").Trim());
        Assert.Equal([".loa.config.yaml", "grimoires/loa/sprint.md"], git.Run("show", "--name-only", "--format=", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(git.DirtyPaths());
        Assert.Equal(ScaffoldTexts.SprintPlan, File.ReadAllText(Path.Combine(Root, "grimoires", "loa", "sprint.md")));
        using var engine = new TestEngine(Root, _agent);
        Assert.StartsWith("sprint-1 in grimoires/loa/sprint.md:6 still holds the starter's placeholder <the goal of the first sprint>: ", engine.Refusal());
        Assert.Equal("codex", engine.Context.Config.Agents.Implementer.Agent.Name);
    }

    [Fact]
    public void Each_step_answers_the_refusal_pre_flight_gives_at_that_moment_in_its_own_words()
    {
        Fresh();
        var seen = new List<string>();

        RepoSetup.Inspect(Root, "claude", TimeProvider.System).Walk(step =>
        {
            using var engine = new TestEngine(Root, _agent);
            if (!step.Offer!.StartsWith("commit", StringComparison.Ordinal))
            {
                Assert.Equal(engine.Refusal(), step.Refusal);
            }

            seen.Add(step.Refusal[..12]);
            return true;
        }, apply: true);

        // Pre-flight no longer refuses uncommitted files (a run works from the last commit): the commit step says why it is offered.
        Assert.Equal(["Run Mode is ", "sprint plan ", ".loa.config."], seen);
    }

    [Fact]
    public void Told_only_the_walk_names_every_step_and_changes_nothing()
    {
        var git = Fresh();

        var told = RepoSetup.Inspect(Root, "claude", TimeProvider.System).Walk(_ => true, apply: false);

        Assert.Equal(3, told.Count);
        Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName));
        Assert.Null(git.HeadSha());
    }

    [Fact]
    public void Declined_steps_change_nothing_and_no_commit_is_offered_for_files_never_written()
    {
        var git = Fresh();
        var offered = new List<string?>();

        var taken = RepoSetup.Inspect(Root, "claude", TimeProvider.System).Walk(step =>
        {
            offered.Add(step.Offer);
            return false;
        }, apply: true);

        Assert.Empty(taken);
        Assert.Equal(2, offered.Count);
        Assert.DoesNotContain(offered, o => o!.StartsWith("commit", StringComparison.Ordinal));
        Assert.Empty(git.DirtyPaths());
    }

    [Fact]
    public void A_config_of_the_users_with_Run_Mode_off_has_one_line_changed_and_keeps_its_agents_and_comments()
    {
        var git = Fresh();
        Commit(git, (".loa.config.yaml", "# ours\nrun_mode:\n  enabled: false  # not yet\nagents:\n  default:\n    agent: sim\n"), ("grimoires/loa/sprint.md", "## Sprint 1: ours\n"));
        var setup = RepoSetup.Inspect(Root, null, TimeProvider.System);

        var taken = setup.Walk(_ => true, apply: true);

        Assert.Equal(["set run_mode.enabled: true in .loa.config.yaml (line 3: enabled: false becomes enabled: true)", "commit .loa.config.yaml as \"Set up Run Mode (ias init-repo)\""], taken.Select(s => s.Offer));
        Assert.Equal("-  enabled: false  # not yet\n+  enabled: true  # not yet", string.Join('\n', git.Run("diff", "HEAD~1", "--unified=0").Split('\n').Where(l => l.StartsWith("-  ", StringComparison.Ordinal) || l.StartsWith("+  ", StringComparison.Ordinal))));
        Assert.Null(setup.NewAgent);
        using var engine = new TestEngine(Root, _agent);
        Assert.Null(engine.Refusal());
    }

    [Fact]
    public void A_plan_of_the_users_without_the_sprint_is_left_to_them_with_pre_flights_words()
    {
        var git = Fresh();
        Commit(git, (".loa.config.yaml", "run_mode:\n  enabled: true\n"), ("grimoires/loa/sprint.md", "# Ideas, no sprints yet\n"));
        var offered = new List<SetupStep>();

        RepoSetup.Inspect(Root, null, TimeProvider.System).Walk(step =>
        {
            offered.Add(step);
            return true;
        }, apply: true);

        var plan = Assert.Single(offered);
        Assert.Null(plan.Offer);
        Assert.Equal("sprint-1 is not in grimoires/loa/sprint.md (it has no sprints); add a `## Sprint 1` section to grimoires/loa/sprint.md", plan.Refusal);
        Assert.Equal("# Ideas, no sprints yet\n", File.ReadAllText(Path.Combine(Root, "grimoires", "loa", "sprint.md")));
        Assert.Empty(git.DirtyPaths());
    }

    [Fact]
    public void The_first_run_takes_the_plans_first_sprint()
    {
        var git = Fresh();
        Commit(git, (".loa.config.yaml", "run_mode:\n  enabled: true\n"), ("grimoires/loa/sprint.md", "## Sprint 3: later\n\n## Sprint 2: first\n"));

        var setup = RepoSetup.Inspect(Root, null, TimeProvider.System);

        Assert.Equal("sprint-2", setup.Target);
        Assert.Empty(setup.Walk(_ => true, apply: true));
    }

    [Fact]
    public void A_file_gitignore_keeps_out_is_written_but_never_committed()
    {
        var git = Fresh();
        Commit(git, (".gitignore", ".loa.config.yaml\n"));

        var taken = RepoSetup.Inspect(Root, "claude", TimeProvider.System).Walk(_ => true, apply: true);

        Assert.Equal("commit grimoires/loa/sprint.md as \"Set up Run Mode (ias init-repo)\"", taken[^1].Offer);
        Assert.True(File.Exists(Path.Combine(Root, ".loa.config.yaml")));
        using var engine = new TestEngine(Root, _agent);
        Assert.StartsWith("sprint-1 in grimoires/loa/sprint.md:6 still holds the starter's placeholder", engine.Refusal()); // nothing else is in the way
    }

    [Theory]
    [InlineData("main", null)]
    [InlineData("master", "    base_branch: \"master\"")]
    public void A_new_config_sends_pull_requests_to_the_protected_branch_the_repository_is_on(string branch, string? line)
    {
        Fresh(branch);

        RepoSetup.Inspect(Root, "claude", TimeProvider.System).Walk(_ => true, apply: true);

        var config = File.ReadAllLines(Path.Combine(Root, ".loa.config.yaml"));
        Assert.Equal(line, config.SingleOrDefault(l => l.Contains("base_branch", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_starter_config_is_the_protocols_reference_with_Run_Mode_on_and_the_agent_for_every_role()
    {
        var read = ConfigLoader.Parse(RepoSetup.StarterConfig("gemini", null), ConfigLoader.FileName, AgentAdapters.Builtin.Kinds);

        Assert.Empty(read.Warnings);
        Assert.Equal(RunModeConfig.Defaults with { Enabled = true }, read.Config.RunMode);
        Assert.All([read.Config.Agents.Implementer, read.Config.Agents.Reviewer, read.Config.Agents.Auditor], a => Assert.Equal("gemini", a.Agent.Name));
        Assert.Equal(SpendCaps.None, SpendCaps.From(read.Config.Budget));
    }

    [Fact]
    public void The_simulated_agent_is_set_up_as_a_vendor_is_and_says_how_to_go_on_to_real_work()
    {
        Fresh();
        var setup = RepoSetup.Inspect(Root, "sim", TimeProvider.System);

        var taken = setup.Walk(_ => true, apply: true);

        Assert.Equal("write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: sim (the simulated agent, as in the demo)", taken[0].Offer);
        var read = ConfigLoader.Load(Root, AgentAdapters.Builtin.Kinds);
        Assert.Empty(read.Warnings);
        Assert.All([read.Config.Agents.Implementer, read.Config.Agents.Reviewer, read.Config.Agents.Auditor], a => Assert.Equal("sim", a.Agent.Name));
        Assert.StartsWith("the simulated agent plays every role, as in the demo; for real work install an agent CLI and log in to it (npm i -g @anthropic-ai/claude-code for claude", setup.SimulatedAdvice);
        Assert.EndsWith("then run `ias run sprint-1 --agent claude` or set agents.default.agent in .loa.config.yaml", setup.SimulatedAdvice);
        Assert.Null(RepoSetup.Inspect(Root, "codex", TimeProvider.System).SimulatedAdvice);
    }

    [Fact]
    public void The_starter_config_holds_the_spend_caps_given_and_names_the_keys_as_comments_when_none_are()
    {
        var capped = ConfigLoader.Parse(RepoSetup.StarterConfig("claude", null, new SpendBudget(5m, 20.5m)), ConfigLoader.FileName, AgentAdapters.Builtin.Kinds);
        var runOnly = ConfigLoader.Parse(RepoSetup.StarterConfig("claude", null, new SpendBudget(2.25m, null)), ConfigLoader.FileName, AgentAdapters.Builtin.Kinds);

        Assert.Empty(capped.Warnings);
        Assert.Equal((5m, 20.5m), (capped.Config.Budget.RunUsd, capped.Config.Budget.DailyUsd));
        Assert.Equal((2.25m, (decimal?)null), (runOnly.Config.Budget.RunUsd, runOnly.Config.Budget.DailyUsd));
        Assert.Contains("    # daily_usd: 20.00", RepoSetup.StarterConfig("claude", null), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_repository_it_says_git_init_first()
    {
        var refused = Assert.Throws<RunModeException>(() => RepoSetup.Inspect(Root, "claude", TimeProvider.System));

        Assert.Equal($"{Root} is not a git repository: run `git init` there first, then `ias init-repo` again", refused.Message);
    }

    [Fact]
    public void In_a_subdirectory_it_points_at_the_top()
    {
        Fresh();
        var sub = Directory.CreateDirectory(Path.Combine(Root, "src")).FullName;

        var refused = Assert.Throws<RunModeException>(() => RepoSetup.Inspect(sub, "claude", TimeProvider.System));

        Assert.Contains($"pass --repo {new GitCli(Root).Run("rev-parse", "--show-toplevel").Trim()}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uncommitted_work_of_the_users_stops_it_with_pre_flights_words_before_any_change()
    {
        var git = Fresh();
        File.WriteAllText(Path.Combine(Root, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(Root, ".loa.config.yaml"), "run_mode:\n  enabled: false\n");

        var refused = Assert.Throws<RunModeException>(() => RepoSetup.Inspect(Root, "claude", TimeProvider.System));

        Assert.Equal("work tree has 1 uncommitted change(s) (e.g. notes.txt): commit or stash them first, so the run's commits hold only the agent's work", refused.Message);
        Assert.Equal("run_mode:\n  enabled: false\n", File.ReadAllText(Path.Combine(Root, ".loa.config.yaml")));
        Assert.Null(git.HeadSha());
    }

    [Fact]
    public void A_writer_at_work_in_the_checkout_stops_it_with_pre_flights_words_before_any_change()
    {
        Fresh();
        var paths = new RunPaths(Root);
        paths.EnsureCreated();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var writer = new CheckoutWriter("a queue runner of run night at job 0001-implementer", Environment.ProcessId, clock.GetUtcNow(), "stop it with `ias stop --run night`");
        using var held = CheckoutLock.TryTake(paths, writer, out _);

        var refused = Assert.Throws<RunModeException>(() => RepoSetup.Inspect(Root, "claude", clock));

        Assert.Equal(PreflightChecks.Writing(paths, clock.GetUtcNow()), refused.Message);
        Assert.Contains("a queue runner of run night", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, ".loa.config.yaml")));
    }

    [Fact]
    public void Without_a_name_for_git_it_says_how_to_set_one_before_any_change()
    {
        var git = Fresh();
        git.Run("config", "user.name", "");

        var refused = Assert.Throws<RunModeException>(() => RepoSetup.Inspect(Root, "claude", TimeProvider.System));

        Assert.Equal(git.IdentityProblem(), refused.Message);
    }

    [Fact]
    public void A_config_that_does_not_read_stops_it_with_the_readers_line()
    {
        var git = Fresh();
        Commit(git, (".loa.config.yaml", "run_mode:\n  enabled: maybe\n"));

        var refused = Assert.Throws<ConfigException>(() => RepoSetup.Inspect(Root, "claude", TimeProvider.System));

        Assert.Contains(".loa.config.yaml:2", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A `git init` with no commit yet, and a name and email in its own config (the machine's may have none).</summary>
    private GitCli Fresh(string branch = "main")
    {
        var git = new GitCli(Root);
        git.Run("init", "--quiet", $"--initial-branch={branch}");
        git.Run("config", "user.name", "ias test");
        git.Run("config", "user.email", "test@ias.invalid");
        return git;
    }

    private void Commit(GitCli git, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        git.Run("add", "-A");
        git.Run("commit", "--quiet", "-m", "the user's");
    }
}
