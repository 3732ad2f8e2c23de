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

    private RunModeConfig ReadRunMode(ConfigEntry section) => Read(section, RunModeConfig.Defaults, new()
    {
        ["enabled"] = (e, c) => c with { Enabled = _values.Bool(e) },
        ["defaults"] = (e, c) => Read(e, c, new()
        {
            ["max_cycles"] = (x, r) => r with { MaxCycles = _values.PositiveInt(x) },
            ["timeout_hours"] = (x, r) => r with { TimeoutHours = _values.PositiveNumber(x, TimeSpan.MaxValue.TotalHours) },
        }),
        ["rate_limiting"] = (e, c) => Read(e, c, new()
        {
            ["calls_per_hour"] = (x, r) => r with { CallsPerHour = _values.PositiveInt(x) },
        }),
        ["circuit_breaker"] = (e, c) => Read(e, c, new()
        {
            ["same_issue_threshold"] = (x, r) => r with { SameIssueThreshold = _values.PositiveInt(x) },
            ["no_progress_threshold"] = (x, r) => r with { NoProgressThreshold = _values.PositiveInt(x) },
        }),
        ["git"] = (e, c) => Read(e, c, new()
        {
            ["branch_prefix"] = (x, r) => r with { BranchPrefix = _values.BranchName(x, allowEmpty: true) },
            ["create_draft_pr"] = (x, r) => r with { CreateDraftPr = _values.Bool(x) },
            ["auto_push"] = (x, r) => r with { AutoPush = _values.AutoPushValue(x) },
            ["base_branch"] = (x, r) => r with { BaseBranch = _values.BranchName(x, allowEmpty: false) },
            ["sprint_commit_pattern"] = (x, r) => r with { SprintCommitPattern = _values.Pattern(x) },
        }),
    });

    private LoaConfig ReadIas(ConfigEntry section, LoaConfig config) => Read(section, config, new()
    {
        ["sprint_plan"] = (x, c) => c with { SprintPlan = _values.RelativePath(x) },
        ["theme"] = (x, c) => c with { Theme = _values.OptionalText(x) },
        ["keep_awake"] = (x, c) => c with { KeepAwake = _values.Bool(x) },
        ["parallel"] = (x, c) => Read(x, c, new()
        {
            ["max"] = (y, p) => p with { ParallelMax = _values.PositiveInt(y) },
        }),
        ["test_command"] = (x, c) => c with { TestCommand = _values.OptionalText(x) },
        ["test_timeout_minutes"] = (x, c) => c with { TestTimeout = _values.Minutes(x) },
        ["queue"] = (x, c) => c with { Queue = ReadQueue(x, c.Queue) },
        ["budget"] = (x, c) => c with { Budget = ReadBudget(x, c.Budget) },
        ["data_policy"] = (x, c) => c with { DataPolicy = ReadDataPolicy(x, c.DataPolicy) },
        ["notify"] = (x, c) => c with
        {
            Notify = Read(x, c.Notify, new()
            {
                ["bell"] = (y, n) => n with { Bell = _values.Bool(y) },
                ["desktop"] = (y, n) => n with { Desktop = _values.Bool(y) },
                ["tmux"] = (y, n) => n with { Tmux = _values.Bool(y) },
                ["command"] = (y, n) => n with { Command = _values.OptionalText(y) },
                ["report"] = (y, n) => n with { Report = _values.Bool(y) },
                ["report_quiet_seconds"] = (y, n) => n with { ReportQuiet = TimeSpan.FromSeconds(_values.NonNegativeInt(y)) },
            }),
        },
        ["trajectory"] = (x, c) => Read(x, c, new()
        {
            ["commit"] = (y, t) => t with { CommitTrajectory = _values.Bool(y) },
        }),
        ["decisions"] = (x, c) => Read(x, c, new()
        {
            ["timeout_minutes"] = (y, d) => d with { DecisionTimeout = _values.Minutes(y) },
        }),
        ["sandbox"] = (x, c) => c with
        {
            Sandbox = Read(x, c.Sandbox, new()
            {
                ["enabled"] = (y, b) => b with { Enabled = _values.Bool(y) },
                ["allow"] = (y, b) => b with { Allow = _values.TextList(y) },
                ["max_processes"] = (y, b) => b with { MaxProcesses = _values.PositiveInt(y) },
                ["tmp_mb"] = (y, b) => b with { TmpMb = _values.PositiveInt(y) },
                ["max_output_mb"] = (y, b) => b with { MaxOutputMb = _values.PositiveInt(y) },
                ["max_patch_mb"] = (y, b) => b with { MaxPatchMb = _values.PositiveInt(y) },
                ["network"] = ReadNetwork,
                ["workspace_mb"] = (y, b) => b with { WorkspaceMb = _values.PositiveInt(y) },
            }),
        },
    });

    /// <summary>ias.sandbox.network: a mode word alone, or a mapping of mode and allow.</summary>
    private SandboxConfig ReadNetwork(ConfigEntry section, SandboxConfig basis) =>
        section.Value is YamlScalarNode
            ? basis with { Network = _values.NetworkValue(section) }
            : Read(section, basis, new()
            {
                ["mode"] = (y, b) => b with { Network = _values.NetworkValue(y) },
                ["allow"] = (y, b) => b with { NetworkAllow = _values.TextList(y) },
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

    private QueueConfig ReadQueue(ConfigEntry section, QueueConfig basis) => Read(section, basis, new()
    {
        ["lease_minutes"] = (x, q) => q with { Lease = _values.Minutes(x) },
        ["outage_minutes"] = (x, q) => q with { OutageLimit = _values.Minutes(x) },
        ["backend"] = (x, q) => q with { Backend = _values.BackendValue(x) },
        ["follow_ups"] = (x, q) => Read(x, q, new()
        {
            ["max_per_run"] = (y, f) => f with { FollowUpsPerRun = _values.NonNegativeInt(y) },
            ["writing"] = (y, f) => f with { WritingFollowUps = _values.Bool(y) },
        }),
        ["retry"] = (x, q) => Read(x, q, new()
        {
            ["max_attempts"] = (y, r) => r with { MaxAttempts = _values.PositiveInt(y) },
            ["backoff_seconds"] = (y, r) => r with { BackoffBase = TimeSpan.FromSeconds(_values.PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
            ["max_backoff_seconds"] = (y, r) => r with { MaxBackoff = TimeSpan.FromSeconds(_values.PositiveNumber(y, TimeSpan.MaxValue.TotalSeconds)) },
        }),
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
                Warn(e, ["default", .. Roles]);
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
        var settings = Read(section, basis, new()
        {
            ["agent"] = (x, s) => s with { Agent = Kind(x) },
            ["command"] = (x, s) => s with { Command = _values.OptionalText(x) },
            ["model"] = (x, s) => s with { Model = _values.OptionalText(x) },
            ["args"] = (x, s) => s with { Args = _values.TextList(x) },
            ["turn_timeout_minutes"] = (x, s) => s with { TurnTimeout = _values.Minutes(x) },
            ["idle_timeout_minutes"] = (x, s) => s with { IdleTimeout = _values.Minutes(x) },
        });
        return new AgentRead(settings, Entries(section).LastOrDefault(x => x.Key == "agent"));
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

    /// <summary>Reads a section key by key through its table; a key the table lacks is warned about.</summary>
    /// <remarks>The table is the section's known keys, so a mistyped key is compared with exactly the keys it could have meant.</remarks>
    private T Read<T>(ConfigEntry section, T basis, OrderedDictionary<string, Func<ConfigEntry, T, T>> keys) =>
        Entries(section).Aggregate(basis, (r, x) =>
        {
            if (keys.TryGetValue(x.Key, out var read))
            {
                return read(x, r);
            }

            Warn(x, keys.Keys);
            return r;
        });

    private void Warn(ConfigEntry e, IEnumerable<string> known)
    {
        var parent = e.Path[..^e.Key.Length];
        Warn(e.KeyNode, Suggestion.Closest(e.Key, known) is { } key
            ? $"unknown key {e.Path} (ignored; did you mean {parent}{key}?)"
            : $"unknown key {e.Path} (ignored; check spelling)");
    }

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
