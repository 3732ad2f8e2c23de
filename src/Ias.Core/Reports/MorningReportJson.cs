namespace Ias.Core.Reports;

// The records of `ias report --json`, each field as the document names it (snake_case) and in its place. Every text is
// already inert and every time already in the files' form; a null is written as null, so a script finds every field.

/// <summary>One checkout's report as its JSON object holds it.</summary>
internal sealed record MorningReportJson(
    string Repository,
    string Since,
    string Until,
    IReadOnlyList<NeedJson> Needs,
    IReadOnlyList<FinishedRunJson> Finished,
    IReadOnlyList<JobTallyJson> Jobs,
    IReadOnlyList<AgentUseJson> Agents,
    IReadOnlyList<RunCostJson> Runs,
    TodayJson Today,
    IReadOnlyList<string> Unread);

/// <summary>One thing that waits for a person.</summary>
internal sealed record NeedJson(string Kind, string? Id, string Run, string Since, string What, string? Command, string? Host, string? Until);

/// <summary>A Run Mode run that ended in the window.</summary>
internal sealed record FinishedRunJson(string Kind, string Run, string Ended, string At, string? PrUrl);

/// <summary>What a queue run's jobs did in the window.</summary>
internal sealed record JobTallyJson(string Run, string? Host, int Done, int Failed, IReadOnlyList<FailureGroupJson> Failures, IReadOnlyList<string> PrUrls);

/// <summary>Failed jobs that share a failure class.</summary>
internal sealed record FailureGroupJson(string Failure, string Reason, IReadOnlyList<string> Jobs);

/// <summary>What one agent CLI used in the window.</summary>
internal sealed record AgentUseJson(string Agent, string? Host, int Calls, long TokensIn, long TokensOut, decimal CostUsd, double AgentHours);

/// <summary>What a run cost in all, against its cap (null: none).</summary>
internal sealed record RunCostJson(string Run, decimal CostUsd, decimal? CapUsd);

/// <summary>What the checkout's calls cost today, against the daily cap (null: none).</summary>
internal sealed record TodayJson(decimal CostUsd, decimal? CapUsd);
