using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Preflight;

/// <summary>
/// 002's interactive rule for Run Mode, a high-danger skill: a person starting it at a terminal confirms in one y/N line
/// that says what will happen — which agents, where, for how long, and what leaves the machine. Headless, without a
/// terminal or with --yes, it starts as autonomous mode does.
/// </summary>
public static class StartQuestion
{
    /// <summary>
    /// The line for <paramref name="what"/> (sprint-1, the sprint plan, the bug fix) on <paramref name="branch"/>;
    /// <paramref name="highRiskAsked"/> adds a bug run's second question.
    /// </summary>
    public static string For(string what, string branch, RunOptions options, LoaConfig config, bool highRiskAsked = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        var agents = PreflightChecks.AgentsFor(config, options.Agent);
        var names = string.Join(", ", Role.Configurable.Select(r => agents.For(r).Agent.ToString().ToLowerInvariant()).Distinct());
        var publish = Publisher.ModeFor(options.Local, options.ConfirmPush, config.RunMode.AutoPush) switch
        {
            PushMode.Local => "kept local (no push, no PR)",
            PushMode.Confirm => "pushed only when you say so",
            _ => "pushed with a draft PR",
        };
        var risk = highRiskAsked ? "; a high-risk area found in triage is asked about" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Start {what}? {names} works unattended on {branch}, up to {options.MaxCycles} cycles or {options.TimeoutHours:0.##} h, committing each step, {publish}{risk}. [y/N]");
    }

    /// <summary>The refusal after any answer but yes: nothing was started and nothing changed.</summary>
    public static RunModeException Declined(string what) =>
        new($"{what} not started: the answer was not yes, and nothing was changed; pass --yes to start without being asked");
}
