using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Walks the YAML nodes of .loa.config.yaml into a LoaConfig, collecting warnings about ignored keys; agent names are looked up in <paramref name="agents"/>.</summary>
internal sealed partial class ConfigReader(string displayPath, IReadOnlyCollection<AgentKind> agents)
{
    private static readonly string[] Roles = [.. Role.Configurable.Select(r => r.Wire)];

    private readonly List<string> _warnings = [];
    private readonly ConfigValues _values = new(displayPath);

    public IReadOnlyList<string> Warnings => _warnings;

    public LoaConfig Read(YamlStream stream, string path)
    {
        foreach (var extra in stream.Documents.Skip(1).Where(d => !ConfigValues.IsNull(d.RootNode)))
        {
            Warn(extra.RootNode, "another YAML document after ---, ignored (only the first is read)");
        }

        var config = LoaConfig.Defaults(path);
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || ConfigValues.IsNull(root))
        {
            return config;
        }

        if (root is not YamlMappingNode)
        {
            throw _values.Fail(root, $"the file must be a mapping of sections such as run_mode: (got {ConfigValues.Got(root)})");
        }

        foreach (var section in Entries(root, ""))
        {
            config = section.Key switch
            {
                "run_mode" => config with { RunMode = ReadRunMode(section) },
                "ias" => ReadIas(section, config),
                "agents" => config with { Agents = ReadAgents(section) },
                "red_team" => config with { RedTeam = ReadRedTeam(section) },
                "post_pr_validation" => config with { PostPr = ReadPostPr(section) },
                "guardrails" => config with { Guardrails = ReadGuardrails(section) },
                "hounfour" => config with { Budget = ReadHounfour(section, config.Budget) },

                // The same file configures other tools (hounfour, flatline, ...).
                _ => config,
            };
        }

        return config;
    }

    private RunModeConfig ReadRunMode(ConfigEntry section)
    {
        var c = RunModeConfig.Defaults;
        foreach (var e in Entries(section))
        {
            c = e.Key switch
            {
                "enabled" => c with { Enabled = _values.Bool(e) },
                "defaults" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "max_cycles" => r with { MaxCycles = _values.PositiveInt(x) },
                    "timeout_hours" => r with { TimeoutHours = _values.PositiveNumber(x, TimeSpan.MaxValue.TotalHours) },
                    _ => Unknown(x, r),
                }),
                "rate_limiting" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "calls_per_hour" => r with { CallsPerHour = _values.PositiveInt(x) },
                    _ => Unknown(x, r),
                }),
                "circuit_breaker" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "same_issue_threshold" => r with { SameIssueThreshold = _values.PositiveInt(x) },
                    "no_progress_threshold" => r with { NoProgressThreshold = _values.PositiveInt(x) },
                    _ => Unknown(x, r),
                }),
                "git" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "branch_prefix" => r with { BranchPrefix = _values.BranchName(x, allowEmpty: true) },
                    "create_draft_pr" => r with { CreateDraftPr = _values.Bool(x) },
                    "auto_push" => r with { AutoPush = _values.AutoPushValue(x) },
                    "base_branch" => r with { BaseBranch = _values.BranchName(x, allowEmpty: false) },
                    "sprint_commit_pattern" => r with { SprintCommitPattern = _values.Pattern(x) },
                    _ => Unknown(x, r),
                }),
                _ => Unknown(e, c),
            };
        }

        return c;
    }

    private LoaConfig ReadIas(ConfigEntry section, LoaConfig config) =>
        Entries(section).Aggregate(config, (c, x) => x.Key switch
        {
            "sprint_plan" => c with { SprintPlan = _values.RelativePath(x) },
            "theme" => c with { Theme = _values.OptionalText(x) },
            "keep_awake" => c with { KeepAwake = _values.Bool(x) },
            "test_command" => c with { TestCommand = _values.OptionalText(x) },
            "test_timeout_minutes" => c with { TestTimeout = _values.Minutes(x) },
            "queue" => c with { Queue = ReadQueue(x, c.Queue) },
            "budget" => c with { Budget = ReadBudget(x, c.Budget) },
            "data_policy" => c with { DataPolicy = ReadDataPolicy(x, c.DataPolicy) },
            "notify" => c with
            {
                Notify = Entries(x).Aggregate(c.Notify, (n, y) => y.Key switch
                {
                    "bell" => n with { Bell = _values.Bool(y) },
                    "desktop" => n with { Desktop = _values.Bool(y) },
                    "tmux" => n with { Tmux = _values.Bool(y) },
                    "command" => n with { Command = _values.OptionalText(y) },
                    "report" => n with { Report = _values.Bool(y) },
                    "report_quiet_seconds" => n with { ReportQuiet = TimeSpan.FromSeconds(_values.NonNegativeInt(y)) },
                    _ => Unknown(y, n),
                }),
            },
            "trajectory" => Entries(x).Aggregate(c, (t, y) => y.Key switch
            {
                "commit" => t with { CommitTrajectory = _values.Bool(y) },
                _ => Unknown(y, t),
            }),
            "decisions" => Entries(x).Aggregate(c, (d, y) => y.Key switch
            {
                "timeout_minutes" => d with { DecisionTimeout = _values.Minutes(y) },
                _ => Unknown(y, d),
            }),
            "sandbox" => c with
            {
                Sandbox = Entries(x).Aggregate(c.Sandbox, (b, y) => y.Key switch
                {
                    "enabled" => b with { Enabled = _values.Bool(y) },
                    "allow" => b with { Allow = _values.TextList(y) },
                    "max_processes" => b with { MaxProcesses = _values.PositiveInt(y) },
                    "tmp_mb" => b with { TmpMb = _values.PositiveInt(y) },
                    "max_output_mb" => b with { MaxOutputMb = _values.PositiveInt(y) },
                    "max_patch_mb" => b with { MaxPatchMb = _values.PositiveInt(y) },
                    "network" => ReadNetwork(y, b),
                    "workspace_mb" => b with { WorkspaceMb = _values.PositiveInt(y) },
                    _ => Unknown(y, b),
                }),
            },
            _ => Unknown(x, c),
        });

    /// <summary>ias.sandbox.network: a mode word alone, or a mapping of mode and allow.</summary>
    private SandboxConfig ReadNetwork(ConfigEntry section, SandboxConfig basis) =>
        section.Value is YamlScalarNode
            ? basis with { Network = _values.NetworkValue(section) }
            : Entries(section).Aggregate(basis, (b, y) => y.Key switch
            {
                "mode" => b with { Network = _values.NetworkValue(y) },
                "allow" => b with { NetworkAllow = _values.TextList(y) },
                _ => Unknown(y, b),
            });

    /// <summary>red_team.code_vs_design; the section's other keys belong to the original tools' other red-team checks and are left to them, unwarned.</summary>
    private RedTeamConfig ReadRedTeam(ConfigEntry section) =>
        Entries(section).Where(e => e.Key == "code_vs_design").Aggregate(RedTeamConfig.Defaults, (c, x) => Entries(x).Aggregate(c, (r, y) => y.Key switch
        {
            "enabled" => r with { Enabled = _values.Bool(y) },
            "max_cycles" => r with { MaxCycles = _values.PositiveInt(y) },
            "severity_threshold" => r with { SeverityThreshold = _values.PositiveInt(y) },
            "skip_if_no_sdd" => r with { SkipIfNoSdd = _values.Bool(y) },
            _ => r,
        }));

    /// <summary>post_pr_validation: ias runs the audit and E2E phases; Flatline and the other tools' keys are theirs, unwarned.</summary>
    private PostPrConfig ReadPostPr(ConfigEntry section) =>
        Entries(section).Aggregate(PostPrConfig.Defaults, (c, x) => x.Key switch
        {
            "enabled" => c with { Enabled = _values.Bool(x) },
            "phases" => Entries(x).Aggregate(c, (p, y) => y.Key switch
            {
                "audit" => Entries(y).Aggregate(p, (a, z) => z.Key switch
                {
                    "enabled" => a with { Audit = _values.Bool(z) },
                    "max_iterations" => a with { AuditMaxIterations = _values.PositiveInt(z) },
                    _ => a,
                }),
                "e2e" => Entries(y).Aggregate(p, (e, z) => z.Key switch
                {
                    "enabled" => e with { E2e = _values.Bool(z) },
                    "max_iterations" => e with { E2eMaxIterations = _values.PositiveInt(z) },
                    _ => e,
                }),
                _ => p,
            }),
            _ => c,
        });

    private QueueConfig ReadQueue(ConfigEntry section, QueueConfig basis) =>
        Entries(section).Aggregate(basis, (q, x) => x.Key switch
        {
            "lease_minutes" => q with { Lease = _values.Minutes(x) },
            "outage_minutes" => q with { OutageLimit = _values.Minutes(x) },
            "backend" => q with { Backend = _values.BackendValue(x) },
            "follow_ups" => Entries(x).Aggregate(q, (f, y) => y.Key switch
            {
                "max_per_run" => f with { FollowUpsPerRun = _values.NonNegativeInt(y) },
                "writing" => f with { WritingFollowUps = _values.Bool(y) },
                _ => Unknown(y, f),
            }),
            "retry" => Entries(x).Aggregate(q, (r, y) => y.Key switch
            {
                "max_attempts" => r with { MaxAttempts = _values.PositiveInt(y) },
                "backoff_seconds" => r with { BackoffBase = TimeSpan.FromSeconds(_values.PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
                "max_backoff_seconds" => r with { MaxBackoff = TimeSpan.FromSeconds(_values.PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
                _ => Unknown(y, r),
            }),
            _ => Unknown(x, q),
        });

    private AgentsConfig ReadAgents(ConfigEntry section)
    {
        ConfigEntry? defaults = null;
        var roles = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        foreach (var e in Entries(section))
        {
            if (e.Key == "default")
            {
                defaults = e;
            }
            else if (Roles.Contains(e.Key))
            {
                roles[e.Key] = e;
            }
            else
            {
                Warn(e);
            }
        }

        // Roles override agents.default key by key, whatever order the sections appear in.
        var basis = defaults is { } d ? ReadAgent(d, AgentSettings.Defaults) : new AgentRead(AgentSettings.Defaults, null);
        var settings = Roles.Select(role =>
        {
            var read = roles.TryGetValue(role, out var e) ? ReadAgent(e, basis.Settings) : basis;
            RequireCommand(role, read, basis);
            return read.Settings;
        }).ToArray();

        return new AgentsConfig(settings[0], settings[1], settings[2]);
    }

    private AgentRead ReadAgent(ConfigEntry section, AgentSettings basis)
    {
        var s = basis;
        ConfigEntry? agent = null;
        foreach (var x in Entries(section))
        {
            switch (x.Key)
            {
                case "agent":
                    s = s with { Agent = Kind(x) };
                    agent = x;
                    break;
                case "command":
                    s = s with { Command = _values.OptionalText(x) };
                    break;
                case "model":
                    s = s with { Model = _values.OptionalText(x) };
                    break;
                case "args":
                    s = s with { Args = _values.TextList(x) };
                    break;
                case "turn_timeout_minutes":
                    s = s with { TurnTimeout = _values.Minutes(x) };
                    break;
                case "idle_timeout_minutes":
                    s = s with { IdleTimeout = _values.Minutes(x) };
                    break;
                default:
                    Warn(x);
                    break;
            }
        }

        return new AgentRead(s, agent);
    }

    private void RequireCommand(string role, AgentRead read, AgentRead basis)
    {
        if (!read.Settings.Agent.NeedsCommand || read.Settings.Command is not null)
        {
            return;
        }

        // An agent that needs a command is never the default, so some agent key chose it: the role's own, or agents.default's.
        var source = (read.AgentKey ?? basis.AgentKey)!;
        var where = source == basis.AgentKey ? $"agents.{role}.command or agents.default.command" : $"agents.{role}.command";
        throw _values.Fail(source.Value, $"{source.Path} is {read.Settings.Agent}, which needs a command for the {role} (got none); set {where} to the program to run");
    }

    private T Unknown<T>(ConfigEntry e, T unchanged)
    {
        Warn(e);
        return unchanged;
    }

    private void Warn(ConfigEntry e) => Warn(e.KeyNode, $"unknown key {e.Path} (ignored; check spelling)");

    private void Warn(YamlNode at, string message) => _warnings.Add($"{displayPath}:{at.Start.Line}:{at.Start.Column}: {message}");

    private AgentKind Kind(ConfigEntry e)
    {
        var expected = $"one of {AgentKind.List(agents, ", ")}";
        return AgentKind.Find(agents, _values.Text(e, expected)) ?? throw _values.Invalid(e, expected);
    }

    private IEnumerable<ConfigEntry> Entries(ConfigEntry section) => Entries(section.Value, section.Path);

    /// <summary>The keys of a section in file order; an empty section (key with no value) has none.</summary>
    private IEnumerable<ConfigEntry> Entries(YamlNode node, string path)
    {
        if (ConfigValues.IsNull(node))
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            throw _values.Fail(node, $"{path} must be a mapping of keys (got {ConfigValues.Got(node)})");
        }

        return mapping.Children.Select(child => child.Key is YamlScalarNode { Value: { } key } keyNode
            ? new ConfigEntry(path.Length == 0 ? key : $"{path}.{key}", keyNode, child.Value)
            : throw _values.Fail(child.Key, $"keys under {(path.Length == 0 ? "the top level" : path)} must be plain names (got {ConfigValues.Got(child.Key)})"));
    }

    /// <summary>An agent section read over its basis, with the agent key if the section set one.</summary>
    private readonly record struct AgentRead(AgentSettings Settings, ConfigEntry? AgentKey);
}
