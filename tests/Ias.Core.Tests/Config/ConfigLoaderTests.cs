using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Config;

public sealed class ConfigLoaderTests
{
    private const string File = ".loa.config.yaml";

    // The names a configuration may give an agent are the registry's.
    private static readonly IReadOnlyList<AgentKind> Agents = AgentAdapters.Builtin.Kinds;

    [Fact]
    public void A_repository_without_the_file_gets_the_defaults_and_no_warnings()
    {
        using var repo = new TempDir();

        var result = ConfigLoader.Load(repo.Path, Agents);

        Assert.Equal(LoaConfig.Defaults(repo.Combine(File)), result.Config);
        Assert.Empty(result.Warnings);
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.Path));
    }

    [Fact]
    public void Load_reads_the_file_at_the_repository_root_and_writes_nothing()
    {
        using var repo = new TempDir();
        System.IO.File.WriteAllText(repo.Combine(File), "run_mode:\n  enabled: true\n  git:\n    colour: blue\n");

        var result = ConfigLoader.Load(repo.Path, Agents);

        Assert.True(result.Config.RunMode.Enabled);
        Assert.Equal(repo.Combine(File), result.Config.Path);
        Assert.Equal([".loa.config.yaml:4:5: unknown key run_mode.git.colour (ignored; check spelling)"], result.Warnings);
        Assert.Equal([repo.Combine(File)], Directory.EnumerateFileSystemEntries(repo.Path));
    }

    [Fact]
    public void Load_reports_errors_against_the_file_name()
    {
        using var repo = new TempDir();
        System.IO.File.WriteAllText(repo.Combine(File), "run_mode:\n  enabled: maybe\n");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(repo.Path, Agents));

        Assert.Equal("config .loa.config.yaml:2:12: run_mode.enabled must be true or false (got \"maybe\")", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing configured yet\n")]
    [InlineData("~\n")]
    public void An_empty_file_gives_the_defaults(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, File, Agents);

        Assert.Equal(LoaConfig.Defaults(File), result.Config);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_defaults_are_those_of_the_configuration_reference()
    {
        var config = ConfigLoader.Parse("", File, Agents).Config;

        Assert.Equal(
            new RunModeConfig(
                Enabled: false,
                MaxCycles: 20,
                TimeoutHours: 8,
                CallsPerHour: 100,
                SameIssueThreshold: 3,
                NoProgressThreshold: 5,
                BranchPrefix: "feature/",
                CreateDraftPr: true,
                AutoPush: AutoPush.True,
                BaseBranch: "main",
                SprintCommitPattern: @"^feat\(sprint-"),
            config.RunMode);
        Assert.Equal("grimoires/loa/sprint.md", config.SprintPlan);
        Assert.Equal(File, config.Path);
        foreach (var role in new[] { "implementer", "reviewer", "auditor" })
        {
            var agent = config.Agents.For(role);
            Assert.Equal(Kind("claude"), agent.Agent);
            Assert.Null(agent.Command);
            Assert.Null(agent.Model);
            Assert.Empty(agent.Args);
            Assert.Equal(TimeSpan.FromMinutes(30), agent.TurnTimeout);
            Assert.Equal(TimeSpan.FromMinutes(10), agent.IdleTimeout);
        }
    }

    [Fact]
    public void Run_mode_stays_disabled_unless_enabled_is_set_to_true()
    {
        var without = ConfigLoader.Parse("run_mode:\n  defaults:\n    max_cycles: 3\n", File, Agents).Config.RunMode;
        var with = ConfigLoader.Parse("run_mode:\n  enabled: true\n", File, Agents).Config.RunMode;

        Assert.False(without.Enabled);
        Assert.Equal(3, without.MaxCycles);
        Assert.True(with.Enabled);
    }

    [Fact]
    public void Every_key_of_a_full_file_reaches_the_records()
    {
        const string Yaml = """
            run_mode:
              enabled: true
              defaults:
                max_cycles: 7
                timeout_hours: 2.5
              rate_limiting:
                calls_per_hour: 40
              circuit_breaker:
                same_issue_threshold: 2
                no_progress_threshold: 9
              git:
                branch_prefix: "sprint/"
                create_draft_pr: false
                auto_push: false
                base_branch: develop
                sprint_commit_pattern: '^sprint-[0-9]+:'
            ias:
              sprint_plan: docs/plan.md
            agents:
              default:
                agent: codex
                command: /opt/codex/bin/codex
                model: gpt-5-codex
                args: [--full-auto, "--color=never"]
                turn_timeout_minutes: 45
                idle_timeout_minutes: 4
              implementer:
                agent: custom
                command: ./tools/my-agent
                model: null
                args: []
                turn_timeout_minutes: 90
                idle_timeout_minutes: 20
              reviewer:
                agent: gemini
                command: null
                model: gemini-2.5-pro
                args:
                  - --yolo
                turn_timeout_minutes: 10
                idle_timeout_minutes: 2
              auditor:
                agent: SIM
            """;

        var result = ConfigLoader.Parse(Yaml, "repo/.loa.config.yaml", Agents);

        var codex = new AgentSettings(Kind("codex"), "/opt/codex/bin/codex", "gpt-5-codex", ["--full-auto", "--color=never"], TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(4));
        var expected = new LoaConfig(
            new RunModeConfig(true, 7, 2.5, 40, 2, 9, "sprint/", false, AutoPush.False, "develop", "^sprint-[0-9]+:"),
            new AgentsConfig(
                new AgentSettings(Kind("custom"), "./tools/my-agent", null, [], TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(20)),
                new AgentSettings(Kind("gemini"), null, "gemini-2.5-pro", ["--yolo"], TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)),
                codex with { Agent = Kind("sim") }),
            "docs/plan.md",
            "repo/.loa.config.yaml");
        Assert.Equal(expected, result.Config);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_role_overrides_agents_default_key_by_key()
    {
        const string Yaml = """
            agents:
              reviewer:
                args: [--review]
              implementer:
                agent: gemini
                model: gemini-2.5-pro
              default:
                model: opus
                args: [--verbose]
                turn_timeout_minutes: 60
            """;

        var agents = ConfigLoader.Parse(Yaml, File, Agents).Config.Agents;

        var fromDefault = new AgentSettings(Kind("claude"), null, "opus", ["--verbose"], TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(10));
        Assert.Equal(fromDefault with { Agent = Kind("gemini"), Model = "gemini-2.5-pro" }, agents.Implementer);
        Assert.Equal(fromDefault with { Args = ["--review"] }, agents.Reviewer);
        Assert.Equal(fromDefault, agents.Auditor);
    }

    [Fact]
    public void A_role_can_clear_a_default_model_with_null()
    {
        const string Yaml = """
            agents:
              default: { model: opus }
              auditor: { model: null }
            """;

        var agents = ConfigLoader.Parse(Yaml, File, Agents).Config.Agents;

        Assert.Equal("opus", agents.Implementer.Model);
        Assert.Null(agents.Auditor.Model);
    }

    [Theory]
    [InlineData("true", AutoPush.True)]
    [InlineData("false", AutoPush.False)]
    [InlineData("prompt", AutoPush.Prompt)]
    [InlineData("Prompt", AutoPush.Prompt)]
    [InlineData("\"prompt\"", AutoPush.Prompt)]
    [InlineData("no", AutoPush.False)]
    public void Auto_push_takes_true_false_or_prompt(string value, AutoPush expected)
    {
        var config = ConfigLoader.Parse($"run_mode:\n  git:\n    auto_push: {value}\n", File, Agents).Config;

        Assert.Equal(expected, config.RunMode.AutoPush);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("ON", true)]
    [InlineData("\"true\"", true)]
    [InlineData("'yes'", true)]
    [InlineData("false", false)]
    [InlineData("No", false)]
    [InlineData("off", false)]
    public void Booleans_accept_true_false_yes_no_on_off_in_any_case(string value, bool expected)
    {
        var config = ConfigLoader.Parse($"run_mode:\n  enabled: {value}\n", File, Agents).Config;

        Assert.Equal(expected, config.RunMode.Enabled);
    }

    [Theory]
    [InlineData(
        "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: twenty\n",
        "config .loa.config.yaml:4:17: run_mode.defaults.max_cycles must be a positive integer (got \"twenty\")")]
    [InlineData(
        "run_mode:\n  defaults:\n    max_cycles: 0\n",
        "config .loa.config.yaml:3:17: run_mode.defaults.max_cycles must be a positive integer (got \"0\")")]
    [InlineData(
        "run_mode:\n  defaults:\n    max_cycles: 2.5\n",
        "config .loa.config.yaml:3:17: run_mode.defaults.max_cycles must be a positive integer (got \"2.5\")")]
    [InlineData(
        "run_mode:\n  defaults:\n    timeout_hours: -1\n",
        "config .loa.config.yaml:3:20: run_mode.defaults.timeout_hours must be a positive number (got \"-1\")")]
    [InlineData(
        "run_mode:\n  rate_limiting:\n    calls_per_hour:\n",
        "config .loa.config.yaml:3:20: run_mode.rate_limiting.calls_per_hour must be a positive integer (got null)")]
    [InlineData(
        "run_mode:\n  circuit_breaker:\n    same_issue_threshold: [3]\n",
        "config .loa.config.yaml:3:27: run_mode.circuit_breaker.same_issue_threshold must be a positive integer (got a list)")]
    [InlineData(
        "run_mode:\n  enabled: maybe\n",
        "config .loa.config.yaml:2:12: run_mode.enabled must be true or false (got \"maybe\")")]
    [InlineData(
        "run_mode:\n  git:\n    auto_push: sometimes\n",
        "config .loa.config.yaml:3:16: run_mode.git.auto_push must be true, false or prompt (got \"sometimes\")")]
    [InlineData(
        "run_mode:\n  git:\n    base_branch: \"my branch\"\n",
        "config .loa.config.yaml:3:18: run_mode.git.base_branch must be a git branch name (got \"my branch\")")]
    [InlineData(
        "run_mode:\n  git:\n    create_draft_pr:\n      value: true\n",
        "config .loa.config.yaml:4:7: run_mode.git.create_draft_pr must be true or false (got a mapping)")]
    [InlineData(
        "run_mode: 5\n",
        "config .loa.config.yaml:1:11: run_mode must be a mapping of keys (got \"5\")")]
    [InlineData(
        "run_mode:\n  git:\n    - main\n",
        "config .loa.config.yaml:3:5: run_mode.git must be a mapping of keys (got a list)")]
    [InlineData(
        "ias:\n  sprint_plan: /etc/sprint.md\n",
        "config .loa.config.yaml:2:16: ias.sprint_plan must be a path relative to the repository root (got \"/etc/sprint.md\")")]
    [InlineData(
        "agents:\n  default:\n    agent: gpt\n",
        "config .loa.config.yaml:3:12: agents.default.agent must be one of claude, codex, gemini, custom, sim (got \"gpt\")")]
    [InlineData(
        "agents:\n  reviewer:\n    args: --yolo\n",
        "config .loa.config.yaml:3:11: agents.reviewer.args must be a list of strings (got \"--yolo\")")]
    [InlineData(
        "agents:\n  reviewer:\n    args:\n      - --yolo\n      - { x: 1 }\n",
        "config .loa.config.yaml:5:9: agents.reviewer.args[1] must be a string (got a mapping)")]
    [InlineData(
        "agents:\n  auditor:\n    turn_timeout_minutes: soon\n",
        "config .loa.config.yaml:3:27: agents.auditor.turn_timeout_minutes must be a positive number (got \"soon\")")]
    [InlineData(
        "agents:\n  default:\n    model: \"\"\n",
        "config .loa.config.yaml:3:12: agents.default.model must be a non-empty string or null (got \"\")")]
    [InlineData(
        "- run_mode\n",
        "config .loa.config.yaml:1:1: the file must be a mapping of sections such as run_mode: (got a list)")]
    public void A_value_of_the_wrong_type_fails_at_its_line_and_column(string yaml, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File, Agents));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void An_empty_section_counts_as_no_keys()
    {
        var result = ConfigLoader.Parse("run_mode:\n  git:\n  # branch_prefix: x/\nias:\nagents:\n  default:\n", File, Agents);

        Assert.Equal(LoaConfig.Defaults(File), result.Config);
    }

    [Theory]
    [InlineData("run_mode:\n\tenabled: true\n", "config .loa.config.yaml:2:1: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    [InlineData("run_mode:\n  enabled: true\n\tgit: {}\n", "config .loa.config.yaml:3:1: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    [InlineData("run_mode:\n  enabled: true\n  git:\n\t  base_branch: main\n", "config .loa.config.yaml:4:1: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    [InlineData("run_mode:\n  \tenabled: true\n", "config .loa.config.yaml:2:3: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    [InlineData("run_mode:\n  enabled: true\n\t\n  git: {}\n", "config .loa.config.yaml:3:1: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    [InlineData("red_team:\n  prompt: |\n    \tcontent\n\t# note\nrun_mode: {}\n", "config .loa.config.yaml:4:1: tab character in indentation; YAML allows spaces only — replace tabs with spaces")]
    public void Tabs_used_for_indentation_fail_with_a_clear_message(string yaml, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File, Agents));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Tabs_inside_a_block_scalar_before_a_comment_or_after_a_key_are_not_indentation()
    {
        const string Yaml = "\t# set by the team\nred_team:\n  prompt: |\n    check this:\n    \tindented with a tab\nrun_mode:\n  enabled:\ttrue\n";

        var result = ConfigLoader.Parse(Yaml, File, Agents);

        Assert.True(result.Config.RunMode.Enabled);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("run_mode:\n  enabled: b: c\n", "config .loa.config.yaml:2:13: YAML syntax error: while scanning a plain scalar value, found invalid mapping; fix the YAML syntax")]
    [InlineData("run_mode:\n  git: {base_branch: main\n", "config .loa.config.yaml:3:1: YAML syntax error: while parsing a flow mapping, did not find expected ',' or '}'; fix the YAML syntax")]
    [InlineData("run_mode:\n  enabled: \"true\n", "config .loa.config.yaml:2:12: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream; fix the YAML syntax")]
    public void Other_YAML_syntax_errors_give_the_position_and_parser_message_on_one_line(string yaml, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File, Agents));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void An_unclosed_flow_list_fails_at_its_opening_bracket()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("agents:\n  default:\n    args: [--a, --b\n  reviewer: {}\n", File, Agents));

        Assert.StartsWith("config .loa.config.yaml:3:11: YAML syntax error", ex.Message);
        Assert.EndsWith("fix the YAML syntax", ex.Message);
    }

    [Fact]
    public void A_duplicate_key_fails_at_the_second_one()
    {
        const string Yaml = """
            run_mode:
              git:
                auto_push: true
                base_branch: main
                auto_push: prompt
            """;

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Yaml, File, Agents));

        Assert.Equal("config .loa.config.yaml:5:5: duplicate key run_mode.git.auto_push (first set on line 3); keep only one of them", ex.Message);
    }

    [Fact]
    public void Unknown_keys_under_our_sections_warn_with_their_line_and_column()
    {
        const string Yaml = """
            run_mode:
              enabled: true
              git:
                base_branch: main
                auto_psuh: false
              max_cycles: 4
            ias:
              sprintplan: plan.md
            agents:
              planner:
                agent: codex
              reviewer:
                agnet: codex
            """;

        var result = ConfigLoader.Parse(Yaml, File, Agents);

        Assert.Equal(
            [
                ".loa.config.yaml:5:5: unknown key run_mode.git.auto_psuh (ignored; did you mean run_mode.git.auto_push?)",
                ".loa.config.yaml:6:3: unknown key run_mode.max_cycles (ignored; check spelling)",
                ".loa.config.yaml:8:3: unknown key ias.sprintplan (ignored; did you mean ias.sprint_plan?)",
                ".loa.config.yaml:10:3: unknown key agents.planner (ignored; check spelling)",
                ".loa.config.yaml:13:5: unknown key agents.reviewer.agnet (ignored; did you mean agents.reviewer.agent?)",
            ],
            result.Warnings);
        Assert.True(result.Config.RunMode.Enabled);
        Assert.Equal(AutoPush.True, result.Config.RunMode.AutoPush);
        Assert.Equal(Kind("claude"), result.Config.Agents.Reviewer.Agent);
    }

    [Fact]
    public void Sections_of_other_tools_are_read_past_silently()
    {
        const string Yaml = """
            guardrails:
              enabled: true
              rules: [no-secrets, { name: size, max: 3 }]
            red_team:
              code_vs_design:
                enabled: true
            hounfour:
              metering:
                enabled: true
                budget: { daily_micro_usd: 5000000 }
            post_pr_validation: { enabled: false }
            run_mode:
              enabled: true
            """;

        var result = ConfigLoader.Parse(Yaml, File, Agents);

        Assert.Empty(result.Warnings);
        Assert.True(result.Config.RunMode.Enabled);
    }

    [Fact]
    public void A_custom_default_agent_without_a_command_fails_at_the_agent_key()
    {
        const string Yaml = """
            agents:
              default:
                agent: custom
              implementer:
                command: ./my-agent
            """;

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Yaml, File, Agents));

        Assert.Equal(
            "config .loa.config.yaml:3:12: agents.default.agent is custom, which needs a command for the reviewer (got none); set agents.reviewer.command or agents.default.command to the program to run",
            ex.Message);
    }

    [Fact]
    public void A_custom_role_without_a_command_fails_at_its_agent_key()
    {
        const string Yaml = """
            agents:
              auditor:
                agent: Custom
            """;

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Yaml, File, Agents));

        Assert.Equal(
            "config .loa.config.yaml:3:12: agents.auditor.agent is custom, which needs a command for the auditor (got none); set agents.auditor.command to the program to run",
            ex.Message);
    }

    [Fact]
    public void A_custom_agent_runs_the_command_given_in_agents_default()
    {
        var agents = ConfigLoader.Parse("agents:\n  default:\n    agent: custom\n    command: ./my-agent\n", File, Agents).Config.Agents;

        Assert.All([agents.Implementer, agents.Reviewer, agents.Auditor], a =>
        {
            Assert.Equal(Kind("custom"), a.Agent);
            Assert.Equal("./my-agent", a.Command);
        });
    }

    [Fact]
    public void An_invalid_sprint_commit_pattern_fails_with_the_regex_error()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("run_mode:\n  git:\n    sprint_commit_pattern: '^feat\\(('\n", File, Agents));

        Assert.Equal(
            "config .loa.config.yaml:3:28: run_mode.git.sprint_commit_pattern must be a valid regular expression (got \"^feat\\((\"; insufficient closing parentheses at offset 8)",
            ex.Message);
    }

    [Fact]
    public void The_default_sprint_commit_pattern_matches_sprint_commits()
    {
        var pattern = ConfigLoader.Parse("", File, Agents).Config.RunMode.SprintCommitPattern;

        Assert.Matches(pattern, "feat(sprint-2): add the breaker");
        Assert.DoesNotMatch(pattern, "fix: typo");
    }

    [Fact]
    public void A_second_YAML_document_is_ignored_with_a_warning()
    {
        var result = ConfigLoader.Parse("run_mode:\n  enabled: true\n---\nrun_mode:\n  enabled: false\n", File, Agents);

        Assert.True(result.Config.RunMode.Enabled);
        Assert.Equal([".loa.config.yaml:4:1: another YAML document after ---, ignored (only the first is read)"], result.Warnings);
    }

    private static AgentKind Kind(string name) => AgentAdapters.Builtin.Find(name)!.Kind;
}
