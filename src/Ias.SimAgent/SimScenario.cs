using System.Text.Json;

namespace Ias.SimAgent;

/// <summary>What the simulated agent does in each cycle, loaded from a JSON file with snake_case keys; everything but session ids follows from it.</summary>
public sealed record SimScenario
{
    /// <summary>The reviewer reports findings in cycle 1 and passes from cycle 2; the auditor passes; nothing fails.</summary>
    public static SimScenario Default { get; } = new();

    /// <summary>Cycles in which the implementer changes no file.</summary>
    public IReadOnlyList<int> ImplementNoChangesCycles { get; init; } = [];

    /// <summary>The cycle in which the implementer deletes sim/&lt;target&gt;/feature.txt after its edits.</summary>
    public int? DeleteFilesCycle { get; init; }

    /// <summary>Cycles in which the reviewer reports findings.</summary>
    public IReadOnlyList<int> ReviewFindingsCycles { get; init; } = [1];

    /// <summary>Cycles in which the auditor reports findings.</summary>
    public IReadOnlyList<int> AuditFindingsCycles { get; init; } = [];

    /// <summary>
    /// Post-PR steps (POST_PR_AUDIT, E2E_TESTING) that find something (P1, E1) until the implementer has addressed it in the
    /// feature file; they pass once it has.
    /// </summary>
    public IReadOnlyList<string> PostPrFindings { get; init; } = [];

    /// <summary>Cycles in which the red team (the RED_TEAM_CODE gate) reports a confirmed divergence of severity 850; else it finds the code matches.</summary>
    public IReadOnlyList<int> RedTeamDivergenceCycles { get; init; } = [];

    /// <summary>The reviewer reports findings in every cycle, and every reported finding is word for word the same each time.</summary>
    public bool SameFindingsAlways { get; init; }

    /// <summary>Text the reviewer and auditor add to each finding's title (e.g. an e-mail address, to see it redacted downstream).</summary>
    public string? FindingNote { get; init; }

    /// <summary>A bug run's file (e.g. auth/session.txt): triage names it as the suspect and the implementer of a sprint-bug-N fixes it there.</summary>
    public string? BugFile { get; init; }

    /// <summary>Misbehaviours by role and cycle; the first match wins.</summary>
    public IReadOnlyList<SimFailure> Fail { get; init; } = [];

    /// <summary>Seconds until the usage limit of usage_limit mode resets.</summary>
    public int UsageLimitResetSeconds { get; init; } = 3600;

    /// <summary>Megabytes of assistant text the huge mode writes.</summary>
    public double HugeMb { get; init; } = 5;

    /// <summary>Milliseconds between lines in slow mode.</summary>
    public int SlowMs { get; init; } = 200;

    /// <summary>The file whose creation releases an agent in hold mode.</summary>
    public string? HoldFile { get; init; }

    /// <summary>Lines of assistant text the drip mode streams.</summary>
    public int DripLines { get; init; } = 10_000;

    /// <summary>Lines a second the drip mode streams at.</summary>
    public int DripRate { get; init; } = 1_000;

    /// <summary>Reads a scenario file; throws <see cref="InvalidDataException"/> naming the file when it is not a valid scenario.</summary>
    public static SimScenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"sim scenario {path}: cannot read it ({e.Message}); check IAS_SIM_SCENARIO", e);
        }

        return FromJson(text, path);
    }

    /// <summary>The misbehaviour for this role and cycle, if the scenario has one.</summary>
    public SimFailureMode? FailureFor(string role, int cycle, string? target = null) =>
        Fail.FirstOrDefault(failure => failure.Matches(role, cycle, target))?.Mode;

    internal static SimScenario FromJson(string json, string source)
    {
        SimScenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(json, SimScenarioJson.Default.SimScenario);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"sim scenario {source}: {e.Message}; fix the JSON (keys are snake_case)", e);
        }

        if (scenario is null)
        {
            throw new InvalidDataException($"sim scenario {source}: the file holds null; write a JSON object such as {{}}");
        }

        scenario.Validate(source);
        return scenario;
    }

    private void Validate(string source)
    {
        string? problem = null;
        if (HugeMb <= 0 || double.IsNaN(HugeMb) || double.IsInfinity(HugeMb))
        {
            problem = $"huge_mb must be a positive number (got {HugeMb})";
        }
        else if (DripLines < 0 || DripRate < 1)
        {
            problem = $"drip_lines must not be negative and drip_rate must be at least 1 (got {DripLines}, {DripRate})";
        }
        else if (SlowMs < 0)
        {
            problem = $"slow_ms must not be negative (got {SlowMs})";
        }
        else if (DeleteFilesCycle is < 1)
        {
            problem = $"delete_files_cycle must be a positive cycle number (got {DeleteFilesCycle})";
        }
        else if (BugFile is { } bugFile && (bugFile.Length == 0 || Path.IsPathRooted(bugFile) || bugFile.Split('/', '\\').Contains("..")))
        {
            problem = $"bug_file must be a path inside the repository such as auth/session.txt (got \"{bugFile}\")";
        }
        else if (ImplementNoChangesCycles is null || ReviewFindingsCycles is null || AuditFindingsCycles is null || RedTeamDivergenceCycles is null || PostPrFindings is null || Fail is null)
        {
            problem = "lists must be arrays, not null";
        }
        else if (Fail.FirstOrDefault(failure => !SimRoles.IsKnown(failure.Role)) is { } badRole)
        {
            problem = $"fail role must be {SimRoles.Names} (got \"{badRole.Role}\")";
        }
        else if (Fail.FirstOrDefault(failure => failure.Cycle is < 1) is { } badCycle)
        {
            problem = $"fail cycle must be a positive cycle number (got {badCycle.Cycle})";
        }
        else if (HoldFile is null && Fail.Any(failure => failure.Mode == SimFailureMode.Hold))
        {
            problem = "hold mode needs hold_file, the file whose creation releases the agent";
        }

        if (problem is not null)
        {
            throw new InvalidDataException($"sim scenario {source}: {problem}; fix the file");
        }
    }
}
