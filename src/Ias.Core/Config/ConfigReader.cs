using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Walks the YAML nodes of .loa.config.yaml into a LoaConfig, collecting warnings about ignored keys; agent names are looked up in <paramref name="agents"/>.</summary>
internal sealed partial class ConfigReader(string displayPath, IReadOnlyCollection<AgentKind> agents)
{
    private static readonly string[] Roles = [.. Role.Configurable.Select(r => r.Wire)];

    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public LoaConfig Read(YamlStream stream, string path)
    {
        foreach (var extra in stream.Documents.Skip(1).Where(d => !IsNull(d.RootNode)))
        {
            Warn(extra.RootNode, "another YAML document after ---, ignored (only the first is read)");
        }

        var config = LoaConfig.Defaults(path);
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || IsNull(root))
        {
            return config;
        }

        if (root is not YamlMappingNode)
        {
            throw Fail(root, $"the file must be a mapping of sections such as run_mode: (got {Got(root)})");
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

    private RunModeConfig ReadRunMode(Entry section)
    {
        var c = RunModeConfig.Defaults;
        foreach (var e in Entries(section))
        {
            c = e.Key switch
            {
                "enabled" => c with { Enabled = Bool(e) },
                "defaults" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "max_cycles" => r with { MaxCycles = PositiveInt(x) },
                    "timeout_hours" => r with { TimeoutHours = PositiveNumber(x, TimeSpan.MaxValue.TotalHours) },
                    _ => Unknown(x, r),
                }),
                "rate_limiting" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "calls_per_hour" => r with { CallsPerHour = PositiveInt(x) },
                    _ => Unknown(x, r),
                }),
                "circuit_breaker" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "same_issue_threshold" => r with { SameIssueThreshold = PositiveInt(x) },
                    "no_progress_threshold" => r with { NoProgressThreshold = PositiveInt(x) },
                    _ => Unknown(x, r),
                }),
                "git" => Entries(e).Aggregate(c, (r, x) => x.Key switch
                {
                    "branch_prefix" => r with { BranchPrefix = BranchName(x, allowEmpty: true) },
                    "create_draft_pr" => r with { CreateDraftPr = Bool(x) },
                    "auto_push" => r with { AutoPush = AutoPushValue(x) },
                    "base_branch" => r with { BaseBranch = BranchName(x, allowEmpty: false) },
                    "sprint_commit_pattern" => r with { SprintCommitPattern = Pattern(x) },
                    _ => Unknown(x, r),
                }),
                _ => Unknown(e, c),
            };
        }

        return c;
    }

    private LoaConfig ReadIas(Entry section, LoaConfig config) =>
        Entries(section).Aggregate(config, (c, x) => x.Key switch
        {
            "sprint_plan" => c with { SprintPlan = RelativePath(x) },
            "theme" => c with { Theme = OptionalText(x) },
            "test_command" => c with { TestCommand = OptionalText(x) },
            "test_timeout_minutes" => c with { TestTimeout = Minutes(x) },
            "queue" => c with { Queue = ReadQueue(x, c.Queue) },
            "budget" => c with { Budget = ReadBudget(x, c.Budget) },
            "data_policy" => c with { DataPolicy = ReadDataPolicy(x, c.DataPolicy) },
            "notify" => c with
            {
                Notify = Entries(x).Aggregate(c.Notify, (n, y) => y.Key switch
                {
                    "bell" => n with { Bell = Bool(y) },
                    "desktop" => n with { Desktop = Bool(y) },
                    "tmux" => n with { Tmux = Bool(y) },
                    "command" => n with { Command = OptionalText(y) },
                    "report" => n with { Report = Bool(y) },
                    _ => Unknown(y, n),
                }),
            },
            "trajectory" => Entries(x).Aggregate(c, (t, y) => y.Key switch
            {
                "commit" => t with { CommitTrajectory = Bool(y) },
                _ => Unknown(y, t),
            }),
            "decisions" => Entries(x).Aggregate(c, (d, y) => y.Key switch
            {
                "timeout_minutes" => d with { DecisionTimeout = Minutes(y) },
                _ => Unknown(y, d),
            }),
            "sandbox" => c with
            {
                Sandbox = Entries(x).Aggregate(c.Sandbox, (b, y) => y.Key switch
                {
                    "enabled" => b with { Enabled = Bool(y) },
                    "allow" => b with { Allow = TextList(y) },
                    "max_processes" => b with { MaxProcesses = PositiveInt(y) },
                    "tmp_mb" => b with { TmpMb = PositiveInt(y) },
                    "max_output_mb" => b with { MaxOutputMb = PositiveInt(y) },
                    "max_patch_mb" => b with { MaxPatchMb = PositiveInt(y) },
                    _ => Unknown(y, b),
                }),
            },
            _ => Unknown(x, c),
        });

    /// <summary>red_team.code_vs_design; the section's other keys belong to the original tools' other red-team checks and are left to them, unwarned.</summary>
    private RedTeamConfig ReadRedTeam(Entry section) =>
        Entries(section).Where(e => e.Key == "code_vs_design").Aggregate(RedTeamConfig.Defaults, (c, x) => Entries(x).Aggregate(c, (r, y) => y.Key switch
        {
            "enabled" => r with { Enabled = Bool(y) },
            "max_cycles" => r with { MaxCycles = PositiveInt(y) },
            "severity_threshold" => r with { SeverityThreshold = PositiveInt(y) },
            "skip_if_no_sdd" => r with { SkipIfNoSdd = Bool(y) },
            _ => r,
        }));

    /// <summary>post_pr_validation: ias runs the audit and E2E phases; Flatline and the other tools' keys are theirs, unwarned.</summary>
    private PostPrConfig ReadPostPr(Entry section) =>
        Entries(section).Aggregate(PostPrConfig.Defaults, (c, x) => x.Key switch
        {
            "enabled" => c with { Enabled = Bool(x) },
            "phases" => Entries(x).Aggregate(c, (p, y) => y.Key switch
            {
                "audit" => Entries(y).Aggregate(p, (a, z) => z.Key switch
                {
                    "enabled" => a with { Audit = Bool(z) },
                    "max_iterations" => a with { AuditMaxIterations = PositiveInt(z) },
                    _ => a,
                }),
                "e2e" => Entries(y).Aggregate(p, (e, z) => z.Key switch
                {
                    "enabled" => e with { E2e = Bool(z) },
                    "max_iterations" => e with { E2eMaxIterations = PositiveInt(z) },
                    _ => e,
                }),
                _ => p,
            }),
            _ => c,
        });

    private QueueConfig ReadQueue(Entry section, QueueConfig basis) =>
        Entries(section).Aggregate(basis, (q, x) => x.Key switch
        {
            "lease_minutes" => q with { Lease = Minutes(x) },
            "outage_minutes" => q with { OutageLimit = Minutes(x) },
            "backend" => q with { Backend = BackendValue(x) },
            "follow_ups" => Entries(x).Aggregate(q, (f, y) => y.Key switch
            {
                "max_per_run" => f with { FollowUpsPerRun = NonNegativeInt(y) },
                "writing" => f with { WritingFollowUps = Bool(y) },
                _ => Unknown(y, f),
            }),
            "retry" => Entries(x).Aggregate(q, (r, y) => y.Key switch
            {
                "max_attempts" => r with { MaxAttempts = PositiveInt(y) },
                "backoff_seconds" => r with { BackoffBase = TimeSpan.FromSeconds(PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
                "max_backoff_seconds" => r with { MaxBackoff = TimeSpan.FromSeconds(PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
                _ => Unknown(y, r),
            }),
            _ => Unknown(x, q),
        });

    private AgentsConfig ReadAgents(Entry section)
    {
        Entry? defaults = null;
        var roles = new Dictionary<string, Entry>(StringComparer.Ordinal);
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

    private AgentRead ReadAgent(Entry section, AgentSettings basis)
    {
        var s = basis;
        Entry? agent = null;
        foreach (var x in Entries(section))
        {
            switch (x.Key)
            {
                case "agent":
                    s = s with { Agent = Kind(x) };
                    agent = x;
                    break;
                case "command":
                    s = s with { Command = OptionalText(x) };
                    break;
                case "model":
                    s = s with { Model = OptionalText(x) };
                    break;
                case "args":
                    s = s with { Args = TextList(x) };
                    break;
                case "turn_timeout_minutes":
                    s = s with { TurnTimeout = Minutes(x) };
                    break;
                case "idle_timeout_minutes":
                    s = s with { IdleTimeout = Minutes(x) };
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
        throw Fail(source.Value, $"{source.Path} is {read.Settings.Agent}, which needs a command for the {role} (got none); set {where} to the program to run");
    }

    private T Unknown<T>(Entry e, T unchanged)
    {
        Warn(e);
        return unchanged;
    }

    private void Warn(Entry e) => Warn(e.KeyNode, $"unknown key {e.Path} (ignored; check spelling)");

    private void Warn(YamlNode at, string message) => _warnings.Add($"{displayPath}:{at.Start.Line}:{at.Start.Column}: {message}");

    private ConfigException Fail(YamlNode at, string message) =>
        new($"config {displayPath}:{at.Start.Line}:{at.Start.Column}: {message}");

    private IEnumerable<Entry> Entries(Entry section) => Entries(section.Value, section.Path);

    /// <summary>The keys of a section in file order; an empty section (key with no value) has none.</summary>
    private IEnumerable<Entry> Entries(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            throw Fail(node, $"{path} must be a mapping of keys (got {Got(node)})");
        }

        return mapping.Children.Select(child => child.Key is YamlScalarNode { Value: { } key } keyNode
            ? new Entry(path.Length == 0 ? key : $"{path}.{key}", keyNode, child.Value)
            : throw Fail(child.Key, $"keys under {(path.Length == 0 ? "the top level" : path)} must be plain names (got {Got(child.Key)})"));
    }

    /// <summary>One key of a mapping: its dotted path from the top, the key node (for warnings) and the value node.</summary>
    private sealed record Entry(string Path, YamlScalarNode KeyNode, YamlNode Value)
    {
        public string Key => KeyNode.Value ?? "";
    }

    /// <summary>An agent section read over its basis, with the agent key if the section set one.</summary>
    private readonly record struct AgentRead(AgentSettings Settings, Entry? AgentKey);
}
