using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// `ias bootstrap` through the real binary: each profile writes its scaffold and commits exactly it, a person's
/// AGENTS.md keeps every line and gains one marked section, a second run changes nothing, and bad input is one line.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    private static readonly string[] TerminalFiles =
        ["AGENTS.md", "CLAUDE.md", "docs/ias/context/base-goal.md", "docs/ias/process/quality-gates.md", "docs/ias/process/run-protocol.md", "docs/ias/project-context.md"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Repo => _dir.Combine("repo");

    [Fact]
    public async Task Terminal_writes_what_the_agent_reads_commits_exactly_that_and_a_second_run_changes_nothing()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir);

        var r = await IasProcess.RunAsync(Repo, env, "bootstrap", "--profile", "terminal", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("to do: write docs/ias/context/base-goal.md", r.Out);
        Assert.Contains($"done: {TerminalFiles.Length + 1} change(s) (--yes)", r.Out);
        Assert.Contains("the terminal scaffold is written", r.Out);
        Assert.Equal(Bootstrap.CommitMessage, (await Shell.GitAsync(Repo, "log", "--format=%s")).Trim());
        Assert.Equal(TerminalFiles, Lines(await Shell.GitAsync(Repo, "show", "--name-only", "--format=", "HEAD")).Order(StringComparer.Ordinal));
        Assert.Empty(await Shell.GitAsync(Repo, "status", "--porcelain", "--untracked-files=all"));

        var again = await IasProcess.RunAsync(Repo, env, "bootstrap", "--profile", "terminal", "--yes");

        Assert.True(again.Code == 0, again.Out + again.Err);
        Assert.Contains("the terminal scaffold is in place: nothing changed", again.Out);
        Assert.Single(Lines(await Shell.GitAsync(Repo, "log", "--format=%s")));
    }

    [Fact]
    public async Task A_persons_AGENTS_md_keeps_every_line_and_gains_one_marked_section_replaced_in_place_on_a_rerun()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir);
        var agents = Path.Combine(Repo, "AGENTS.md");
        await File.WriteAllTextAsync(agents, "# House rules\n\nTabs, not spaces.\n");
        await File.WriteAllTextAsync(Path.Combine(Repo, "docs-ias-note.txt"), "mine\n");
        await CommitAsync("rules");

        var first = await IasProcess.RunAsync(Repo, env, "bootstrap", "--yes");
        var oldSection = (await File.ReadAllTextAsync(agents)).Replace("bounded turns", "turns of old", StringComparison.Ordinal) + "## Added by hand later\n";
        await File.WriteAllTextAsync(agents, oldSection);
        await CommitAsync("hand edit");
        var second = await IasProcess.RunAsync(Repo, env, "bootstrap", "--yes");

        Assert.True(first.Code == 0, first.Out + first.Err);
        Assert.Contains("to do: add the ias section to AGENTS.md", first.Out);
        Assert.True(second.Code == 0, second.Out + second.Err);
        Assert.Contains("to do: refresh the ias section of AGENTS.md", second.Out);
        Assert.Equal(
            "# House rules\n\nTabs, not spaces.\n\n" + MarkedSection.Block(ScaffoldTexts.Protocol) + "## Added by hand later\n",
            await File.ReadAllTextAsync(agents));
        Assert.Equal("mine\n", await File.ReadAllTextAsync(Path.Combine(Repo, "docs-ias-note.txt")));
    }

    [Fact]
    public async Task A_persons_own_project_context_is_kept_and_said_to_be()
    {
        await FreshAsync();
        Directory.CreateDirectory(Path.Combine(Repo, "docs", "ias"));
        await File.WriteAllTextAsync(Path.Combine(Repo, "docs", "ias", "project-context.md"), "# Ours\n");

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "bootstrap", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("kept: docs/ias/project-context.md is yours and kept as it is", r.Out);
        Assert.Equal("# Ours\n", await File.ReadAllTextAsync(Path.Combine(Repo, "docs", "ias", "project-context.md")));
    }

    [Fact]
    public async Task Without_a_terminal_or_yes_it_changes_nothing_and_says_to_pass_yes()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "bootstrap", "--profile", "hybrid");

        Assert.Equal(2, r.Code);
        Assert.Equal("ias: no terminal to ask at, so nothing was changed: pass --yes to make the 10 change(s) above", r.Err.TrimEnd());
        Assert.Contains("to do: write docs/ias/runs/README.md", r.Out);
        Assert.Contains("to do: write docs/ias/context/inputs.md", r.Out);
        Assert.Contains("to do: write docs/ias/gaps.md", r.Out);
        Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Repo).Select(Path.GetFileName));
    }

    [Fact]
    public async Task At_a_terminal_one_question_for_the_whole_list_n_writes_nothing_and_y_writes_and_commits_it_all()
    {
        Tmux.AssertInstalled();
        await FreshAsync();
        var question = $"make the {TerminalFiles.Length + 1} change(s) above? [y/N]";
        using (var declined = Tmux.Start(300, 50, Repo, VendorPath.Environment(_dir), "bootstrap"))
        {
            await declined.AnswerAsync(1, question, "n");
            var screen = await declined.WaitForAsync("[exited 0]");

            Assert.Contains("to do: write CLAUDE.md", screen);
            Assert.Contains("to do: commit ", screen);
            Assert.Contains("nothing was changed", screen);
            Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Repo).Select(Path.GetFileName));
        }

        using var tmux = Tmux.Start(300, 50, Repo, VendorPath.Environment(_dir), "bootstrap");
        await tmux.AnswerAsync(1, question, "y");
        var written = await tmux.WaitForAsync("[exited 0]");

        Assert.Contains($"done: {TerminalFiles.Length + 1} change(s) (answered y)", written);
        Assert.Contains("the terminal scaffold is written", written);
        Assert.Equal(TerminalFiles, Lines(await Shell.GitAsync(Repo, "show", "--name-only", "--format=", "HEAD")).Order(StringComparer.Ordinal));
        Assert.Empty(await Shell.GitAsync(Repo, "status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public async Task Full_adds_the_runs_folder_and_sets_Run_Mode_up_as_init_repo_does()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir, "claude"), "bootstrap", "--profile", "full", "--yes");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("to do: write docs/ias/runs/README.md", r.Out);
        Assert.Contains("write .loa.config.yaml with run_mode.enabled: true and agents.default.agent: claude: yes (--yes)", r.Out);
        Assert.Contains("set up: pre-flight passes for sprint-1 but for text that is still the starter's", r.Out);
        Assert.Contains("to write: sprint-1 in grimoires/loa/sprint.md:6 still holds the starter's placeholder", r.Out);
        Assert.Contains("to write: docs/ias/project-context.md:5 still holds the starter's placeholder <one sentence>", r.Out);
        Assert.Equal([RepoSetup.CommitMessage, Bootstrap.CommitMessage], Lines(await Shell.GitAsync(Repo, "log", "--format=%s")));
        Assert.Empty(await Shell.GitAsync(Repo, "status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public async Task An_unknown_profile_is_one_line_naming_the_profiles()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "bootstrap", "--profile", "control-plane");

        Assert.Equal((2, "ias: --profile control-plane is not a profile: use terminal, hybrid, full"), (r.Code, r.Err.TrimEnd()));
        Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Repo).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_agent_for_a_profile_that_sets_no_agent_up_is_one_line_saying_which_does()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "bootstrap", "--profile", "hybrid", "--agent", "codex", "--yes");

        Assert.Equal((2, "ias: --agent names Run Mode's agent, which only --profile full sets up: leave --agent out, or pass --profile full"), (r.Code, r.Err.TrimEnd()));
        Assert.Equal([".git"], Directory.EnumerateFileSystemEntries(Repo).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Outside_a_git_repository_it_says_to_run_git_init_first()
    {
        Directory.CreateDirectory(Repo);

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "bootstrap", "--yes");

        Assert.Equal((2, $"ias: {Repo} is not a git repository: run `git init` there first, then `ias bootstrap` again"), (r.Code, r.Err.TrimEnd()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Repo));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Commits everything as a person would, with a name of the test's own (the machine may have none).</summary>
    private async Task CommitAsync(string message)
    {
        await Shell.GitAsync(Repo, "add", "-A");
        await Shell.GitAsync(Repo, "-c", "user.name=Ada", "-c", "user.email=ada@example.invalid", "commit", "-qm", message);
    }

    private Task FreshAsync()
    {
        Directory.CreateDirectory(Repo);
        return Shell.GitAsync(Repo, "init", "--quiet");
    }
}
