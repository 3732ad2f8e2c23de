using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ias.SimAgent;

/// <summary>What the simulated agent does in each cycle, loaded from a JSON file with snake_case keys; everything but session ids follows from it.</summary>
/// <remarks>
/// Setters are internal rather than init-only: the source-generated reader sets init-only properties all at once, so a key
/// left out would lose its default here instead of keeping it.
/// </remarks>
public sealed record SimScenario
{
    /// <summary>The reviewer reports findings in cycle 1 and passes from cycle 2; the auditor passes; nothing fails.</summary>
    public static SimScenario Default { get; } = new();

    /// <summary>Cycles in which the implementer changes no file.</summary>
    [JsonInclude]
    public IReadOnlyList<int> ImplementNoChangesCycles { get; internal set; } = [];

    /// <summary>The cycle in which the implementer deletes sim/&lt;target&gt;/feature.txt after its edits.</summary>
    [JsonInclude]
    public int? DeleteFilesCycle { get; internal set; }

    /// <summary>Cycles in which the reviewer reports findings.</summary>
    [JsonInclude]
    public IReadOnlyList<int> ReviewFindingsCycles { get; internal set; } = [1];

    /// <summary>Cycles in which the auditor reports findings.</summary>
    [JsonInclude]
    public IReadOnlyList<int> AuditFindingsCycles { get; internal set; } = [];

    /// <summary>
    /// Post-PR steps (POST_PR_AUDIT, E2E_TESTING) that find something (P1, E1) until the implementer has addressed it in the
    /// feature file; they pass once it has.
    /// </summary>
    [JsonInclude]
    public IReadOnlyList<string> PostPrFindings { get; internal set; } = [];

    /// <summary>Cycles in which the red team (the RED_TEAM_CODE gate) reports a confirmed divergence of severity 850; else it finds the code matches.</summary>
    [JsonInclude]
    public IReadOnlyList<int> RedTeamDivergenceCycles { get; internal set; } = [];

    /// <summary>The reviewer reports findings in every cycle, and every reported finding is word for word the same each time.</summary>
    [JsonInclude]
    public bool SameFindingsAlways { get; internal set; }

    /// <summary>Text the reviewer and auditor add to each finding's title (e.g. an e-mail address, to see it redacted downstream).</summary>
    [JsonInclude]
    public string? FindingNote { get; internal set; }

    /// <summary>A bug run's file (e.g. auth/session.txt): triage names it as the suspect and the implementer of a sprint-bug-N fixes it there.</summary>
    [JsonInclude]
    public string? BugFile { get; internal set; }

    /// <summary>Follow-up job files the agent writes, by cycle, when its job gives it a folder for them (IAS_FOLLOW_UPS).</summary>
    [JsonInclude]
    public IReadOnlyList<SimFollowUp> FollowUps { get; internal set; } = [];

    /// <summary>Questions the agent asks a person with `ias ask`, by role and cycle; the first match wins, until the prompt carries its answer.</summary>
    [JsonInclude]
    public IReadOnlyList<SimAsk> Ask { get; internal set; } = [];

    /// <summary>Misbehaviours by role and cycle; the first match wins (an entry with times only while it has calls left).</summary>
    [JsonInclude]
    public IReadOnlyList<SimFailure> Fail { get; internal set; } = [];

    /// <summary>Seconds until the usage limit of usage_limit mode resets.</summary>
    [JsonInclude]
    public int UsageLimitResetSeconds { get; internal set; } = 3600;

    /// <summary>Megabytes of assistant text the huge mode writes.</summary>
    [JsonInclude]
    public double HugeMb { get; internal set; } = 5;

    /// <summary>Milliseconds between lines in slow mode.</summary>
    [JsonInclude]
    public int SlowMs { get; internal set; } = 200;

    /// <summary>The file whose creation releases an agent in hold mode.</summary>
    [JsonInclude]
    public string? HoldFile { get; internal set; }

    /// <summary>Lines of assistant text the drip mode streams.</summary>
    [JsonInclude]
    public int DripLines { get; internal set; } = 10_000;

    /// <summary>Lines a second the drip mode streams at.</summary>
    [JsonInclude]
    public int DripRate { get; internal set; } = 1_000;

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

    /// <summary>The misbehaviour for this role and cycle, if the scenario has one: what the first call gets, every entry with calls left.</summary>
    public SimFailureMode? FailureFor(string role, int cycle, string? target = null) =>
        Fail.FirstOrDefault(failure => failure.Matches(role, cycle, target))?.Mode;

    /// <summary>
    /// The misbehaviour of one call for this role and cycle: the first entry that matches and, if it has times, has failed
    /// fewer calls than that so far, as <paramref name="counts"/> holds them; that call is counted. Entries without times
    /// never touch <paramref name="counts"/>, which may then be null.
    /// </summary>
    public async Task<SimFailureMode?> FailureOfCallAsync(string role, int cycle, string? target, SimFailureCounts? counts, CancellationToken ct)
    {
        for (var i = 0; i < Fail.Count; i++)
        {
            var failure = Fail[i];
            if (!failure.Matches(role, cycle, target))
            {
                continue;
            }

            if (failure.Times is not { } times)
            {
                return failure.Mode;
            }

            if (counts is null)
            {
                throw new InvalidOperationException($"sim scenario: fail[{i}] has times, which are counted in a file beside the scenario; give the agent its scenario as a file (IAS_SIM_SCENARIO)");
            }

            if (await counts.TakeAsync(failure.CountKey(i), times, ct).ConfigureAwait(false))
            {
                return failure.Mode;
            }
        }

        return null;
    }

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
        else if (ImplementNoChangesCycles is null || ReviewFindingsCycles is null || AuditFindingsCycles is null || RedTeamDivergenceCycles is null || PostPrFindings is null || Fail is null || Ask is null)
        {
            problem = "lists must be arrays, not null";
        }
        else if (Ask.FirstOrDefault(ask => !SimRoles.IsKnown(ask.Role) || string.IsNullOrWhiteSpace(ask.Question)) is { } badAsk)
        {
            problem = $"ask needs a role of {SimRoles.Names} and a non-empty question (got role \"{badAsk.Role}\")";
        }
        else if (Fail.FirstOrDefault(failure => !SimRoles.IsKnown(failure.Role)) is { } badRole)
        {
            problem = $"fail role must be {SimRoles.Names} (got \"{badRole.Role}\")";
        }
        else if (Fail.FirstOrDefault(failure => failure.Cycle is < 1) is { } badCycle)
        {
            problem = $"fail cycle must be a positive cycle number (got {badCycle.Cycle})";
        }
        else if (Fail.FirstOrDefault(failure => failure.Times is < 1) is { } badTimes)
        {
            problem = $"fail times must be a positive number of calls (got {badTimes.Times})";
        }
        else if (HoldFile is null && Fail.Any(failure => failure.Mode is SimFailureMode.Hold or SimFailureMode.HoldAfterWork))
        {
            problem = "hold mode needs hold_file, the file whose creation releases the agent";
        }

        if (problem is not null)
        {
            throw new InvalidDataException($"sim scenario {source}: {problem}; fix the file");
        }
    }
}
