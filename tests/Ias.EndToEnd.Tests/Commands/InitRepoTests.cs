using Ias.Core.Setup;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// `ias init-repo` through the real binary in a fresh `git init`: with --yes, or answering y at a real terminal, it leaves
/// a repository `ias run sprint-1` accepts once the person has described its sprint; with no terminal and no --yes it changes nothing and says to pass --yes.
/// </summary>
public sealed class InitRepoTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Repo => _dir.Combine("repo");

    [Fact]
    public async Task Yes_in_a_fresh_repository_with_an_agent_cli_on_path_leaves_one_ias_run_accepts_once_its_sprint_is_described()
    {
        await FreshAsync();
        var env = Env("claude");

        var r = await IasProcess.RunAsync(Repo, env, "init-repo", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: claude: yes (--yes)", r.Out);
        Assert.Contains("set up: pre-flight passes for sprint-1 but for text that is still the starter's", r.Out);
        Assert.Contains(Starter, r.Out);
        Assert.EndsWith("next: write what each `to write:` line names and commit it, then run `ias run sprint-1`", r.Out.TrimEnd());
        Assert.Contains("spend: no cap; ias.budget.run_usd and ias.budget.daily_usd in .loa.config.yaml stop agents before they pass one", r.Out);
        Assert.Equal(RepoSetup.CommitMessage, (await Shell.GitAsync(Repo, "log", "--format=%s")).Trim());
        Assert.Empty(await Shell.GitAsync(Repo, "status", "--porcelain", "--untracked-files=all"));
        Assert.False(Directory.Exists(Path.Combine(Repo, ".run")), "the guide's pre-flight is a dry run: it leaves no .run/");

        var starter = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");

        Assert.NotEqual(0, starter.Code);
        Assert.Contains("still holds the starter's placeholder <the goal of the first sprint>: describe the sprint there (what to build, how to tell it is done), then run again; no agent was called", starter.Err);

        await DescribeSprintAsync();
        var dry = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");

        Assert.True(dry.Code == 0, dry.Out + dry.Err);
        Assert.Contains("dry run: pre-flight passed", dry.Out);
    }

    [Fact]
    public async Task Budget_flags_write_the_caps_into_the_new_config_and_an_existing_config_is_left_to_its_owner()
    {
        await FreshAsync();
        var env = Env("claude");

        var r = await IasProcess.RunAsync(Repo, env, "init-repo", "--yes", "--run-usd", "5", "--daily-usd", "20");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("spend: capped at $5.00 per run and at $20.00 per UTC day", r.Out);
        var config = await File.ReadAllTextAsync(Path.Combine(Repo, ".loa.config.yaml"));
        Assert.Contains("    run_usd: 5.00", config);
        Assert.Contains("    daily_usd: 20.00", config);

        var again = await IasProcess.RunAsync(Repo, env, "init-repo", "--yes", "--run-usd", "9");
        Assert.Equal((2, "ias: --run-usd and --daily-usd go into a new .loa.config.yaml, and this repository has one: set ias.budget.run_usd and ias.budget.daily_usd in it"), (again.Code, again.Err.Trim()));
        Assert.Equal(config, await File.ReadAllTextAsync(Path.Combine(Repo, ".loa.config.yaml")));
        var negative = await IasProcess.RunAsync(Repo, env, "init-repo", "--run-usd", "-1");
        Assert.Equal(2, negative.Code);
        Assert.Contains("--run-usd is a number of US dollars, 0 or more (5.00)", negative.Err);
    }

    [Fact]
    public async Task Without_a_terminal_or_yes_it_changes_nothing_and_says_to_pass_yes()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, Env("claude"), "init-repo");

        Assert.Equal(2, r.Code);
        Assert.Equal("ias: no terminal to ask at, so nothing was changed: pass --yes to make the 3 change(s) above", r.Err.TrimEnd());
        Assert.Equal(
            [
                "to do: write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: claude",
                "to do: write a starter sprint plan grimoires/loa/sprint.md with ## Sprint 1",
                "to do: commit .loa.config.yaml and grimoires/loa/sprint.md as \"Set up Run Mode (ias init-repo)\"",
            ],
            r.Out.Split('\n').Where(l => l.StartsWith("to do: ", StringComparison.Ordinal)));
        Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Repo).Select(Path.GetFileName));
        Assert.NotEqual(0, (await Shell.RunAsync(Repo, "git", ["rev-parse", "--verify", "--quiet", "HEAD"])).Code);
    }

    [Fact]
    public async Task Of_the_agent_clis_on_path_the_first_of_claude_codex_gemini_is_the_one_configured()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, Env("gemini", "codex"), "init-repo", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("agents.default.agent: codex: yes (--yes)", r.Out);
        Assert.Contains("    agent: codex", await File.ReadAllTextAsync(Path.Combine(Repo, ".loa.config.yaml")));
    }

    [Fact]
    public async Task With_no_agent_cli_on_path_it_sets_the_simulated_agent_up_and_a_described_sprint_runs_to_done()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, Env(), "init-repo", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: sim (the simulated agent, as in the demo): yes (--yes)", r.Out);
        Assert.Contains("agent: the simulated agent plays every role, as in the demo; for real work install an agent CLI and log in to it (npm i -g @anthropic-ai/claude-code for claude, npm i -g @openai/codex for codex, npm i -g @google/gemini-cli for gemini), then run `ias run sprint-1 --agent claude` or set agents.default.agent in .loa.config.yaml", r.Out);
        Assert.Contains("    agent: sim", await File.ReadAllTextAsync(Path.Combine(Repo, ".loa.config.yaml")));

        await DescribeSprintAsync();
        var run = await IasProcess.RunAsync(Repo, Env(), "run", "sprint-1", "--local");

        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Contains("DONE after", run.Out);
        Assert.Contains("COMPLETED", await Shell.GitAsync(Repo, "log", "-1", "--format=%s", "feature/sprint-1"));
    }

    [Fact]
    public async Task At_a_terminal_y_to_each_question_ends_in_a_repository_ready_for_ias_run()
    {
        Tmux.AssertInstalled();
        await FreshAsync();
        var env = Env("claude");
        using var tmux = Tmux.Start(200, 40, Repo, env, "init-repo");

        await tmux.AnswerAsync(1, "write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: claude? [y/N]", "y");
        await tmux.AnswerAsync(2, "write a starter sprint plan grimoires/loa/sprint.md with ## Sprint 1? [y/N]", "y");
        await tmux.AnswerAsync(3, "commit .loa.config.yaml and grimoires/loa/sprint.md as \"Set up Run Mode (ias init-repo)\"? [y/N]", "y");
        var screen = await tmux.WaitForAsync("[exited 0]");

        Assert.Contains("set up: pre-flight passes for sprint-1 but for text that is still the starter's", screen);
        Assert.Contains("next: write what each `to write:` line names and commit it, then run `ias run sprint-1`", screen);
        await DescribeSprintAsync();
        var dry = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");
        Assert.True(dry.Code == 0, dry.Out + dry.Err);
    }

    [Fact]
    public async Task At_a_terminal_a_declined_step_is_not_taken_and_pre_flight_says_what_is_still_missing()
    {
        Tmux.AssertInstalled();
        await FreshAsync();
        using var tmux = Tmux.Start(200, 40, Repo, Env("claude"), "init-repo");

        await tmux.AnswerAsync(1, "agents.default.agent: claude? [y/N]", "n");
        await tmux.AnswerAsync(2, "write a starter sprint plan grimoires/loa/sprint.md with ## Sprint 1? [y/N]", "y");
        await tmux.AnswerAsync(3, "commit grimoires/loa/sprint.md as \"Set up Run Mode (ias init-repo)\"? [y/N]", "y");
        var screen = await tmux.WaitForAsync("[exited 2]");

        Assert.Contains($"ias: Run Mode is off in {Repo}/.loa.config.yaml: set run_mode.enabled: true to opt in", screen);
        Assert.False(File.Exists(Path.Combine(Repo, ".loa.config.yaml")));
        Assert.Equal("grimoires/loa/sprint.md", (await Shell.GitAsync(Repo, "show", "--name-only", "--format=", "HEAD")).Trim());
    }

    // What `init-repo` names for a person to write in its starter plan.
    private const string Starter = "to write: sprint-1 in grimoires/loa/sprint.md:6 still holds the starter's placeholder <the goal of the first sprint>: describe the sprint there (what to build, how to tell it is done)";

    // The person's step between `init-repo` and `ias run`: the starter sprint described and committed.
    private async Task DescribeSprintAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Repo, "grimoires", "loa", "sprint.md"), "# Sprint plan\n\n## Sprint 1: Greet\n\n- Task 1.1: add hello.txt saying hello; done when it exists\n");
        await Shell.GitAsync(Repo, "commit", "--quiet", "-am", "Describe sprint 1");
    }

    private Task FreshAsync()
    {
        Directory.CreateDirectory(Repo);
        return Shell.GitAsync(Repo, "init", "--quiet");
    }

    private Dictionary<string, string> Env(params string[] clis) => VendorPath.Environment(_dir, clis);
}
