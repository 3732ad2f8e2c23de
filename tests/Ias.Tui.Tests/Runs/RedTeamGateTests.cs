using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Runs;

/// <summary>The RED_TEAM_CODE gate of 002 through a whole run, its engine in this process: after a passing audit, the code against the design.</summary>
public sealed class RedTeamGateTests
{
    private const string Design = "# Design\n\n## Behaviour\n\nThe greeting names the user and ends with a full stop.\n";

    [Fact(Timeout = 300_000)]
    public async Task A_confirmed_divergence_sends_the_work_back_once_and_the_gate_passes_on_the_fixed_code()
    {
        using var repo = await RepoAsync("enabled: true", Design);
        await repo.ScenarioAsync("""{"red_team_divergence_cycles": [2]}""");

        var run = await repo.SprintAsync();

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.True(repo.Output.Contains("red team found 1 divergence(s): The feature's cycle 2 line contradicts the design", StringComparison.Ordinal), repo.Output);
        Assert.Contains("red team: the code matches the design", repo.Output);
        var state = State(repo);
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.Equal(3, state.GetProperty("cycles").GetProperty("current").GetInt32()); // review findings in 1, the divergence in 2
        var redTeam = state.GetProperty("red_team_code");
        Assert.Equal(1, redTeam.GetProperty("cycles").GetInt32());
        Assert.Equal(2, redTeam.GetProperty("max_cycles").GetInt32());
        Assert.Equal(3, redTeam.GetProperty("findings_total").GetInt32()); // a design gap each time, and the divergence
        Assert.Equal(1, redTeam.GetProperty("divergences_found").GetInt32());
        Assert.False(string.IsNullOrEmpty(redTeam.GetProperty("last_findings_hash").GetString()));

        // The gate's report of its last look, committed on the run's branch; the fix cycle was told what diverged.
        var report = JsonDocument.Parse(repo.OnBranch("grimoires/loa/a2a/sprint-1/red-team-code-findings.json")).RootElement;
        Assert.Equal(3, report.GetProperty("cycle").GetInt32());
        Assert.Equal(0, report.GetProperty("summary").GetProperty("actionable").GetInt32());
        Assert.Equal(700, report.GetProperty("summary").GetProperty("severity_threshold").GetInt32());
        Assert.Equal("", repo.Git("status", "--porcelain").Trim());
        Assert.Contains("The feature's cycle 2 line contradicts the design", Prompt(repo, "-c3-implement-"));
        var pr = await File.ReadAllTextAsync(repo.File(".run", "pr.md"));
        Assert.Contains("Red team (code vs design): passed in cycle 3, 1 confirmed divergence(s) in 1 of at most 2 re-implementation(s).", pr);
        var gatePrompt = Prompt(repo, "-c2-red-team-code-");
        Assert.Contains("The greeting names the user and ends with a full stop.", gatePrompt);
        Assert.Contains("feature.txt does not validate its input", gatePrompt); // cycle 1's review finding, already handled
        Assert.Contains("- grimoires/loa/a2a/sprint-1/engineer-feedback.md\n- grimoires/loa/a2a/sprint-1/auditor-sprint-feedback.md", gatePrompt); // its prior findings
    }

    [Fact(Timeout = 300_000)]
    public async Task At_its_cycle_limit_the_gate_warns_and_the_run_completes()
    {
        using var repo = await RepoAsync("enabled: true\n      max_cycles: 1", Design);
        await repo.ScenarioAsync("""{"red_team_divergence_cycles": [2, 3, 4]}""");

        var run = await repo.SprintAsync();

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.Contains("WARNING: Red Team code-vs-design max cycles reached, skipping", repo.Output);
        var state = State(repo);
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.Equal(2, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal(1, state.GetProperty("red_team_code").GetProperty("cycles").GetInt32());
    }

    [Fact(Timeout = 300_000)]
    public async Task Without_the_design_and_skip_if_no_sdd_false_the_run_halts_at_the_gate_and_resumes_once_it_is_written()
    {
        using var repo = await RepoAsync("enabled: true\n      skip_if_no_sdd: false", design: null);

        var run = await repo.SprintAsync();

        Assert.Equal(RunState.Halted, run.State);
        var state = State(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal("RED_TEAM_CODE", state.GetProperty("phase").GetString());
        Assert.Contains("the red-team gate needs grimoires/loa/sdd.md", state.GetProperty("halt_reason").GetString());
        Assert.Equal(0, state.GetProperty("red_team_code").GetProperty("cycles").GetInt32());

        Directory.CreateDirectory(repo.File("grimoires", "loa"));
        await File.WriteAllTextAsync(repo.File("grimoires", "loa", "sdd.md"), Design);
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "design");
        var resume = await repo.ResumeAsync(reloadConfig: true);

        Assert.Equal(RunState.JackedOut, resume.State);
        Assert.Contains("red team: the code matches the design", repo.Output);
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
    }

    [Theory(Timeout = 300_000)]
    [InlineData("enabled: true")] // skip_if_no_sdd defaults to true: no design, no gate
    [InlineData("enabled: false\n      skip_if_no_sdd: false")]
    public async Task The_gate_is_skipped_when_off_or_when_there_is_no_design_to_skip(string gate)
    {
        using var repo = await RepoAsync(gate, design: null);

        var run = await repo.SprintAsync();

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.DoesNotContain("red team", repo.Output);
        Assert.Empty(Directory.GetDirectories(repo.File(".run", "jobs"), "*red-team*"));
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
    }

    private static async Task<DemoRepo> RepoAsync(string gate, string? design)
    {
        var repo = new DemoRepo();
        await File.AppendAllTextAsync(repo.ConfigPath, $"red_team:\n  code_vs_design:\n      {gate}\n  other_check: {{ owned_by: another_tool }}\n");
        if (design is not null)
        {
            Directory.CreateDirectory(repo.File("grimoires", "loa"));
            await File.WriteAllTextAsync(repo.File("grimoires", "loa", "sdd.md"), design);
        }

        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "red team gate");
        return repo;
    }

    private static JsonElement State(DemoRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    /// <summary>The prompt of the one job whose folder name holds <paramref name="step"/> (e.g. -c3-implement-).</summary>
    private static string Prompt(DemoRepo repo, string step) =>
        File.ReadAllText(Path.Combine(Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs"), $"*{step}*")), "prompt.md"));
}
