using System.Collections;
using System.Globalization;

namespace Ias.SimAgent;

/// <summary>Who the simulated agent is playing and where: role, cycle, sprint target, repository and scenario.</summary>
public sealed record SimContext(string Role, int Cycle, string Target, string RepoPath, SimScenario Scenario)
{
    /// <summary>The step as the engine names it (IAS_PHASE: IMPLEMENT, REVIEW, POST_PR_AUDIT, …).</summary>
    public string Phase { get; init; } = "";

    /// <summary>The session to continue (`sim-agent --resume ID`), as the real CLIs resume one; null starts a new one.</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>Where a queue job's agent writes follow-up jobs (IAS_FOLLOW_UPS); null outside the queue.</summary>
    public string? FollowUpDir { get; init; }

    /// <summary>The file the scenario was read from (IAS_SIM_SCENARIO), beside which failures with times are counted; null for the default scenario.</summary>
    public string? ScenarioFile { get; init; }

    /// <summary>The *_API_KEY and *_TOKEN variables of the agent's environment, as NAME=value, which the leak mode prints.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The file the implementer works on: the scenario's bug file in a bug run's micro-sprint, else sim/&lt;target&gt;/feature.txt.</summary>
    internal string WorkFile =>
        Scenario.BugFile is { } bugFile && Target.StartsWith("sprint-bug-", StringComparison.Ordinal)
            ? bugFile.Replace('\\', '/')
            : $"sim/{Target}/feature.txt";

    /// <summary>Reads IAS_ROLE, IAS_CYCLE, IAS_TARGET and IAS_SIM_SCENARIO (a path, relative to <paramref name="cwd"/> if not rooted); the repository is <paramref name="cwd"/>.</summary>
    public static SimContext FromEnvironment(IDictionary env, string cwd)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(cwd);

        var role = Read(env, "IAS_ROLE") ?? SimRoles.Implementer;
        var cycleText = Read(env, "IAS_CYCLE") ?? "1";
        if (!int.TryParse(cycleText, NumberStyles.None, CultureInfo.InvariantCulture, out var cycle) || cycle < 1)
        {
            throw new ArgumentException($"IAS_CYCLE must be a positive integer (got \"{cycleText}\"); set it to the cycle number", nameof(env));
        }

        var scenarioPath = Read(env, "IAS_SIM_SCENARIO");
        var scenarioFile = scenarioPath is null ? null : Path.GetFullPath(scenarioPath, cwd);
        var scenario = scenarioFile is null ? SimScenario.Default : SimScenario.Load(scenarioFile);
        var context = new SimContext(role, cycle, Read(env, "IAS_TARGET") ?? "sprint-1", cwd, scenario)
        {
            ResumeSessionId = Read(env, "IAS_SIM_RESUME"),
            Phase = Read(env, "IAS_PHASE") ?? "",
            FollowUpDir = Read(env, "IAS_FOLLOW_UPS"),
            ScenarioFile = scenarioFile,
        };
        var secrets = env.Keys.OfType<string>()
            .Where(IsSecretName)
            .Order(StringComparer.Ordinal)
            .Select(name => $"{name}={Read(env, name)}")
            .ToList();
        if (secrets.Count > 0)
        {
            context = context with { Secrets = secrets };
        }

        context.Validate();
        return context;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the role is unknown or the target could escape sim/ in the repository.</summary>
    public void Validate()
    {
        if (!SimRoles.IsKnown(Role))
        {
            throw new ArgumentException($"sim agent role must be {SimRoles.Names} (got \"{Role}\"); set IAS_ROLE");
        }

        if (Cycle < 1)
        {
            throw new ArgumentException($"sim agent cycle must be positive (got {Cycle}); set IAS_CYCLE");
        }

        // The target becomes a directory name under sim/, so it must not climb out of it.
        if (Target.Length == 0 || Target is "." or ".." || Target.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"sim agent target must be a plain name such as sprint-1 (got \"{Target}\"); set IAS_TARGET");
        }
    }

    // The engine's redactor hides the values of variables named this way; the leak mode prints exactly those, so a test shows each one hidden.
    internal static bool IsSecretName(string name) =>
        name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_TOKEN", StringComparison.OrdinalIgnoreCase);

    private static string? Read(IDictionary env, string key) =>
        env.Contains(key) && env[key] is string { Length: > 0 } value ? value : null;
}
