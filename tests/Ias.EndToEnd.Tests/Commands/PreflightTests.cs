using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// `ias preflight` through the real binary: one line a check, exit 0 only when all pass; --fix writes the missing scaffold
/// and says so, and leaves remotes and identity to the person with the command to run. A repository without origin is
/// ready for runs that stay local.
/// </summary>
public sealed class PreflightTests : IDisposable
{
    // The box depends on the machine's kernel; it has tests of its own, and these turn it off to stay the same everywhere.
    private const string Config = "agents:\n  default:\n    agent: claude\nias:\n  sandbox:\n    enabled: false\n";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Repo => _dir.Combine("repo");

    [Fact]
    public async Task Fix_writes_the_missing_scaffold_and_once_its_texts_are_written_a_repository_without_origin_is_ready_for_local_runs()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir, "claude");

        var r = await IasProcess.RunAsync(Repo, env, "preflight", "--fix");

        Assert.True(r.Code == 1, r.Out + r.Err);
        Assert.Contains("fixed    write AGENTS.md", r.Out);
        Assert.Contains("fixed    write CLAUDE.md", r.Out);
        Assert.Contains("ok       AGENTS.md has the ias section", r.Out);
        Assert.Contains("stops    docs/ias/project-context.md:5 still holds the starter's placeholder <one sentence>: replace each <…> there (or delete its line)", r.Out);
        Assert.Contains("ok       implementer: claude is installed", r.Out);
        Assert.Contains("ok       git knows who commits (user.name and user.email)", r.Out);
        Assert.Contains("ok       the agent's box is off (ias.sandbox.enabled: false)", r.Out);
        Assert.Contains("ok       no git remote origin: runs stay on this machine (no push, no draft PR); `git remote add origin URL` publishes them", r.Out);
        Assert.Contains("advice   Run Mode is off in", r.Out);
        Assert.EndsWith("not ready: 1 line(s) above stop a run; each says what to do", r.Out.TrimEnd());

        await StarterTexts.FillInAsync(Repo);
        var again = await IasProcess.RunAsync(Repo, env, "preflight");

        Assert.True(again.Code == 0, again.Out + again.Err);
        Assert.DoesNotContain("\nstops ", again.Out, StringComparison.Ordinal);
        Assert.EndsWith("ready: nothing stops a run; 1 line(s) above are advice", again.Out.TrimEnd());
        Assert.Empty(await Shell.GitAsync(Repo, "remote"));
        Assert.False(Directory.Exists(Path.Combine(Repo, ".run")), "pre-flight writes no run state");
    }

    [Fact]
    public async Task With_the_full_scaffold_written_a_described_sprint_and_origin_every_check_passes_as_the_run_agrees()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir, "claude");
        await IasProcess.RunAsync(Repo, env, "bootstrap", "--profile", "full", "--yes");
        await StarterTexts.FillInAsync(Repo);
        await DescribeSprintAsync();
        using var origin = new TempDir();
        await Shell.GitAsync(Repo, "init", "--quiet", "--bare", origin.Path);
        await Shell.GitAsync(Repo, "remote", "add", "origin", origin.Path);

        var r = await IasProcess.RunAsync(Repo, env, "preflight");
        var dry = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("ok       `ias run sprint-1` would start (implementer claude, reviewer claude, auditor claude)", r.Out);
        Assert.EndsWith("ready: every check passes", r.Out.TrimEnd());
        Assert.True(dry.Code == 0, dry.Out + dry.Err);
    }

    [Fact]
    public async Task Pre_flight_and_the_run_agree_advice_never_stops_and_what_the_run_refuses_stops_in_its_words_also_as_json()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir);
        await File.WriteAllTextAsync(Path.Combine(Repo, ".loa.config.yaml"), "run_mode:\n  enabled: true\n" + Config.Replace("claude", "sim", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(Repo, "grimoires", "loa"));
        await File.WriteAllTextAsync(Path.Combine(Repo, "grimoires", "loa", "sprint.md"), "");
        await Shell.GitAsync(Repo, "add", "-A");
        await Shell.GitAsync(Repo, "commit", "--quiet", "-m", "Run Mode on the simulated agent");
        await DescribeSprintAsync();

        var ready = await IasProcess.RunAsync(Repo, env, "preflight");
        var dry = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");

        Assert.True(ready.Code == 0, ready.Out + ready.Err);
        Assert.EndsWith("ready: nothing stops a run; 6 line(s) above are advice", ready.Out.TrimEnd()); // the scaffold's files
        Assert.True(dry.Code == 0, dry.Out + dry.Err);

        // Uncommitted work stops nothing (a run works from the last commit): the run's branch checked out here does.
        await File.WriteAllTextAsync(Path.Combine(Repo, "notes.txt"), "mine\n");
        await Shell.GitAsync(Repo, "switch", "--quiet", "-c", "feature/sprint-1");
        var json = await IasProcess.RunAsync(Repo, env, "preflight", "--json");
        var refused = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--dry-run");

        var checkedOut = $"feature/sprint-1 is checked out in {Repo}; switch that checkout to another branch (`git switch -`) and run again: a run works in a worktree of its own";
        Assert.Equal(1, json.Code);
        var report = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!;
        Assert.False((bool)report["ready"]!);
        var stops = report["lines"]!.AsArray().Where(l => (string)l!["mark"]! == "stops").Select(l => (string)l!["text"]!);
        Assert.Equal(["`ias run sprint-1`: " + checkedOut], stops);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains(checkedOut, refused.Err);
    }

    [Fact]
    public async Task A_cli_logged_out_in_the_box_stops_every_role_it_plays_and_the_refused_run_leaves_nothing_so_another_agent_is_one_command()
    {
        await FreshAsync();
        await File.WriteAllTextAsync(Path.Combine(Repo, ".loa.config.yaml"), "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: claude\n");
        Directory.CreateDirectory(Path.Combine(Repo, "grimoires", "loa"));
        await File.WriteAllTextAsync(Path.Combine(Repo, "grimoires", "loa", "sprint.md"), "");
        await Shell.GitAsync(Repo, "add", "-A");
        await Shell.GitAsync(Repo, "commit", "--quiet", "-m", "Run Mode on claude, in the box");
        await DescribeSprintAsync();
        var env = VendorPath.Environment(_dir, "claude");
        // Logged in as Claude Code is: its token file in ~/.claude, which the box shows each role from the user's own home.
        var credentials = Path.Combine(env["HOME"], ".claude", ".credentials.json");
        await File.WriteAllTextAsync(_dir.Combine("bin-claude", "claude"), $$"""
            #!/bin/sh
            case "$1" in
              --version) echo 9.9.9 ;;
              auth) if [ -f "$HOME/.claude/.credentials.json" ]; then echo '{"loggedIn": true}'; else echo 'Not logged in · Please run /login'; exit 1; fi ;;
              *) echo "this test's claude takes no turn" >&2; exit 1 ;;
            esac
            """);
        var head = (await Shell.GitAsync(Repo, "rev-parse", "HEAD")).Trim();
        var branches = await Shell.GitAsync(Repo, "branch", "--format=%(refname:short)");

        var json = await IasProcess.RunAsync(Repo, env, "preflight", "--json");
        var refused = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--yes", "--headless");

        const string LoggedOut = "claude is not logged in: `claude auth status` says Not logged in · Please run /login; run `claude` once and /login, or set ANTHROPIC_API_KEY";
        Assert.True(json.Code == 1, json.Out + json.Err);
        var report = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!;
        var stops = report["lines"]!.AsArray().Where(l => (string)l!["mark"]! == "stops").Select(l => (string)l!["text"]!);
        Assert.Equal(["implementer: " + LoggedOut, "reviewer: " + LoggedOut, "auditor: " + LoggedOut], stops);
        Assert.True(refused.Code != 0, refused.Out + refused.Err);
        Assert.Contains(LoggedOut, refused.Err);
        Assert.False(Directory.Exists(Path.Combine(Repo, ".run")), "a run refused at pre-flight leaves no .run/");
        Assert.Equal(branches, await Shell.GitAsync(Repo, "branch", "--format=%(refname:short)"));
        Assert.Equal(head, (await Shell.GitAsync(Repo, "rev-parse", "HEAD")).Trim());

        // Another agent is one command; and once logged in, claude passes where its turns would look.
        var sim = await IasProcess.RunAsync(Repo, env, "run", "sprint-1", "--agent", "sim", "--yes", "--headless", "--local");
        Directory.CreateDirectory(Path.GetDirectoryName(credentials)!);
        await File.WriteAllTextAsync(credentials, "{}\n");
        var loggedIn = await IasProcess.RunAsync(Repo, env, "preflight");

        Assert.True(sim.Code == 0, sim.Out + sim.Err);
        Assert.Contains("ok       implementer: claude is installed", loggedIn.Out);
        Assert.DoesNotContain("not logged in", loggedIn.Out);
    }

    private async Task DescribeSprintAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Repo, "grimoires", "loa", "sprint.md"), "# Sprint plan\n\n## Sprint 1: Greet\n\n- Task 1.1: add hello.txt saying hello; done when it exists\n");
        await Shell.GitAsync(Repo, "commit", "--quiet", "-am", "Describe sprint 1");
    }

    [Fact]
    public async Task Without_the_scaffold_or_an_agent_cli_each_line_says_what_to_do_and_nothing_is_written()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "preflight");

        Assert.Equal(1, r.Code);
        Assert.Contains("advice   AGENTS.md is missing: run `ias preflight --fix`", r.Out);
        Assert.Contains("stops    implementer: agent CLI claude not found on PATH: install Claude Code", r.Out);
        Assert.False(File.Exists(Path.Combine(Repo, "AGENTS.md")));
    }

    [Fact]
    public async Task Outside_a_git_repository_it_is_one_line()
    {
        Directory.CreateDirectory(Repo);

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "preflight", "--fix");

        Assert.Equal(2, r.Code);
        Assert.StartsWith($"ias: {Repo} is not in a git repository", r.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Repo));
    }

    [Fact]
    public async Task In_a_subfolder_it_points_at_the_top_and_writes_nothing_there()
    {
        await FreshAsync();
        var sub = Directory.CreateDirectory(Path.Combine(Repo, "src")).FullName;

        var r = await IasProcess.RunAsync(sub, VendorPath.Environment(_dir, "claude"), "preflight", "--fix");

        Assert.Equal(2, r.Code);
        Assert.StartsWith($"ias: {sub} is inside the git repository", r.Err, StringComparison.Ordinal);
        Assert.EndsWith("run `ias preflight` at its top, or pass --repo " + (await Shell.GitAsync(Repo, "rev-parse", "--show-toplevel")).Trim(), r.Err.TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(sub));
    }

    /// <summary>A `git init` whose configuration names claude for every role and turns the box off, committed.</summary>
    private async Task FreshAsync()
    {
        Directory.CreateDirectory(Repo);
        await Shell.GitAsync(Repo, "init", "--quiet");
        await File.WriteAllTextAsync(Path.Combine(Repo, ".loa.config.yaml"), Config);
    }
}
