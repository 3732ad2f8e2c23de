namespace Ias.Core.Config;

/// <summary>Everything ias reads from .loa.config.yaml; Path is the file it came from (or would have).</summary>
public sealed record LoaConfig(RunModeConfig RunMode, AgentsConfig Agents, string SprintPlan, string Path)
{
    /// <summary>Where the sprint plan lives when ias.sprint_plan is not set, relative to the repository root.</summary>
    public const string DefaultSprintPlan = "grimoires/loa/sprint.md";

    /// <summary>Whether a run's COMPLETED commit carries a copy of its trajectory, as `trajectory.jsonl` in its a2a folder (ias.trajectory.commit).</summary>
    public bool CommitTrajectory { get; init; }

    /// <summary>How many agents may work at once in the repository, every run and queue job together (ias.parallel.max); null: the default.</summary>
    public int? ParallelMax { get; init; }

    /// <summary>Whether an engine or a runner holds a sleep inhibitor while it works (ias.keep_awake).</summary>
    public bool KeepAwake { get; init; } = true;

    /// <summary>The dashboard theme (ias.theme): a built-in name or a path relative to the repository; null for the default.</summary>
    public string? Theme { get; init; }

    /// <summary>The job queue's retries and lease (ias.queue).</summary>
    public QueueConfig Queue { get; init; } = QueueConfig.Defaults;

    /// <summary>Post-PR validation (post_pr_validation).</summary>
    public PostPrConfig PostPr { get; init; } = PostPrConfig.Defaults;

    /// <summary>The project's test command (ias.test_command), which the E2E tester runs and the PR reports; null when unset.</summary>
    public string? TestCommand { get; init; }

    /// <summary>The test command's limit when ias.test_timeout_minutes is not set: a slow suite finishes, a hung one does not hold the PR for long.</summary>
    public static readonly TimeSpan DefaultTestTimeout = TimeSpan.FromMinutes(30);

    /// <summary>How long ias lets the test command run before it kills it (ias.test_timeout_minutes).</summary>
    public TimeSpan TestTimeout { get; init; } = DefaultTestTimeout;

    /// <summary>How long a run waits for a person to answer an agent's question when ias.decisions.timeout_minutes is not set.</summary>
    public static readonly TimeSpan DefaultDecisionTimeout = TimeSpan.FromHours(24);

    /// <summary>How long a run waits for an answer before it halts (ias.decisions.timeout_minutes).</summary>
    public TimeSpan DecisionTimeout { get; init; } = DefaultDecisionTimeout;

    /// <summary>The RED_TEAM_CODE gate (red_team.code_vs_design).</summary>
    public RedTeamConfig RedTeam { get; init; } = RedTeamConfig.Defaults;

    /// <summary>The box around every agent process (ias.sandbox).</summary>
    public SandboxConfig Sandbox { get; init; } = SandboxConfig.Defaults;

    /// <summary>The checks on what agents are given (guardrails.input).</summary>
    public GuardrailsConfig Guardrails { get; init; } = GuardrailsConfig.Defaults;

    /// <summary>The spend caps (hounfour.metering and ias.budget).</summary>
    public BudgetConfig Budget { get; init; } = BudgetConfig.Defaults;

    /// <summary>What content ias may store and send (ias.data_policy): full text, or identifiers and allowlisted fields only.</summary>
    public DataPolicy DataPolicy { get; init; } = DataPolicy.Default;

    /// <summary>Who is told at a halt, a trip, a finished run and the other gates, and how (ias.notify).</summary>
    public NotifyConfig Notify { get; init; } = NotifyConfig.Defaults;

    /// <summary>The configuration of a repository without a .loa.config.yaml: Run Mode off, Claude for every role.</summary>
    public static LoaConfig Defaults(string path) => new(RunModeConfig.Defaults, AgentsConfig.Defaults, DefaultSprintPlan, path);
}
