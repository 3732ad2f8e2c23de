using Ias.Core.Bugs;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>The top line: run id, target, branch, state, phase, cycle, runtime against timeout, agent, tokens and cost.</summary>
public static class Header
{
    /// <summary>
    /// The line for <paramref name="snap"/>; while an engine the dashboard started has no run yet, what <paramref name="launch"/>
    /// says. On a dashboard of every checkout, <paramref name="checkout"/> names the one whose run it is, after the state.
    /// </summary>
    public static IRenderable Render(EngineSnapshot snap, Theme theme, string separator, int width, Launch? launch = null, string? checkout = null)
    {
        var text = theme.Style(ThemeRoles.HeaderText);
        var sep = (separator, theme.Style(ThemeRoles.TextDim));
        if (snap.Status.Run is null && snap.Queue is { } queue)
        {
            return Queue(snap, queue, theme, sep, width, checkout);
        }

        if (snap.Status.Run is not { } run)
        {
            // A bug halted at triage made no run: its halt is the state here, and its reason what to read.
            return Pieces.Line(snap.Bug is { State: BugState.Halted } bug && launch is null
                ? [("ias ", theme.Style(ThemeRoles.HeaderTitle)), (" HALTED ", theme.Style(ThemeRoles.HeaderStateHalted)), (" ", text),
                    (InertText.Line($"bug {bug.BugId} at triage: {bug.HaltReason ?? "no reason given"}"), theme.Style(ThemeRoles.LogError))]
                : [("ias ", theme.Style(ThemeRoles.HeaderTitle)), .. NoRun(launch, theme)]);
        }

        var head = Headline.Of(snap.Word!, run.State);
        var runtime = snap.Status.Runtime ?? TimeSpan.Zero;
        // Ordered by what matters most at 2 a.m.; the least important fall off a narrow screen first. A finished run's
        // phase is where it stopped, not what it does: the headline's words say how it ended instead.
        var parts = new List<(int Priority, string Text, Style Style)>
        {
            (0, $" {head.Word} ", theme.Style(head.Role)),
            (1, head.Finished ? head.Why! : WireName.Of(run.Phase), text),
            (2, $"cycle {run.CycleCurrent}/{run.CycleLimit}", text),
            (3, $"{Fmt.Clock(runtime)}/{Fmt.Hours(run.Options.TimeoutHours)}", text),
            (4, run.Target, text),
            (6, run.Branch, text),
            (7, run.RunId, theme.Style(ThemeRoles.TextDim)),
            (5, $"{Fmt.Tokens(run.TokensIn + run.TokensOut)} tok {Fmt.Money(run.CostUsd)}{Cap(snap.Spend)}", text),
            (8, snap.Agent ?? "-", text),
        };

        // Other runs at work beside this one (`l` lists them): worth less than anything of the watched run's own.
        if (snap.RunsAtWork > 1)
        {
            parts.Add((9, $"{snap.RunsAtWork} runs at work", theme.Style(ThemeRoles.TextDim)));
        }

        if (!head.Finished && head.Why is { } why)
        {
            parts.Insert(1, (1, ShortText.CutAtWord(why, Math.Max(12, width / 3)), theme.Style(head.Role == ThemeRoles.HeaderStateTripped ? ThemeRoles.BreakerOpen : ThemeRoles.LogError)));
        }

        if (Waiting(snap) is { } waiting)
        {
            parts.Insert(1, (1, waiting, theme.Style(ThemeRoles.RateWaiting)));
        }

        // An earlier run picked from the runs list says so, and which it is, before anything but its state: its keys are read-only.
        if (snap.Past)
        {
            parts.RemoveAll(p => p.Text == run.RunId);
            parts.InsertRange(1, [(1, " PAST RUN ", theme.Style(ThemeRoles.HeaderStateJackedOut)), (1, run.RunId, theme.Style(ThemeRoles.TextDim))]);
        }

        // An agent outside the box is worth knowing before anything but the state.
        if (run.Options.Unsandboxed)
        {
            parts.Insert(1, (1, "UNSANDBOXED", theme.Style(ThemeRoles.HeaderStateHalted)));
        }

        // Which checkout, on a dashboard of every one: worth less than where the run is, and gone before its runtime.
        if (checkout is not null)
        {
            parts.Insert(1, (3, checkout, theme.Style(ThemeRoles.HeaderTitle)));
        }

        var shown = parts.OrderBy(p => p.Priority).ToList();
        while (shown.Count > 1 && Width(shown) + 4 > width)
        {
            shown.RemoveAt(shown.Count - 1);
        }

        return Joined(theme, sep, parts.Where(shown.Contains).Select(p => (p.Text, p.Style)));

        static int Width(List<(int, string Text, Style)> ps) => ps.Sum(p => p.Text.Length + 3);
    }

    /// <summary>
    /// The line without a run: an engine the dashboard just started is starting one, or stopped before it did (its last
    /// line says why); only when none was started is there no run here.
    /// </summary>
    private static (string, Style)[] NoRun(Launch? launch, Theme theme) => launch switch
    {
        { ExitCode: { } code } => [($"the engine stopped before {launch.What} started (exit {code}){(launch.LastLine is null ? "" : ":")} ", theme.Style(ThemeRoles.LogError)), (launch.LastLine ?? "", theme.Style(ThemeRoles.HeaderText))],
        { } => [($"starting {launch.What}…", theme.Style(ThemeRoles.HeaderText))],
        null => [("no run here yet — start one with `ias run sprint-N`", theme.Style(ThemeRoles.HeaderText))],
    };

    /// <summary>A queue run's line: the runner's state, the run, its jobs by state, what they used and who runs them.</summary>
    private static OneLine Queue(EngineSnapshot snap, QueueSnapshot queue, Theme theme, (string, Style) sep, int width, string? checkout)
    {
        var text = theme.Style(ThemeRoles.HeaderText);
        var run = queue.Run;
        var (word, role) = Runner(run, queue.RunnerAlive, queue.Runners);
        var counts = Enum.GetValues<JobState>().Where(s => queue.Counts.GetValueOrDefault(s) > 0).Select(s => $"{queue.Counts[s]} {s.Wire()}").ToList();
        var full = queue.Jobs.Count == 0 ? "no jobs yet" : string.Join(" · ", counts);
        var usage = queue.Usage;
        var name = $"queue run {run.Name}";
        var parts = new List<(string Text, Style Style)>
        {
            ($" {word} ", theme.Style(role)),
            (name, text),
            (full, text),
        };
        if (Waiting(snap) is { } waiting)
        {
            parts.Insert(1, (waiting, theme.Style(ThemeRoles.RateWaiting)));
        }

        if (run.ParkedUntil is { } parked)
        {
            parts.Insert(1, (ShortText.CutAtWord($"until {parked.UtcDateTime:HH:mm} UTC: {run.ParkedReason}", Math.Max(12, width / 3)), theme.Style(ThemeRoles.RateWaiting)));
        }

        if (checkout is not null)
        {
            parts.Insert(1, (checkout, theme.Style(ThemeRoles.HeaderTitle)));
        }

        parts.Add(($"{Fmt.Tokens(usage.TokensIn + usage.TokensOut)} tok{(usage.CostUsd is { } cost ? $" {Fmt.Money(cost)}" : "")}", text));
        if ((queue.RunnerAlive || queue.Runners.Count > 0) && queue.Runner is { } who)
        {
            parts.Add((who, theme.Style(ThemeRoles.TextDim)));
        }

        // From the end: the runner, then the usage; the counts close up ("1 running·5 done") before they go. The run's name
        // outlasts the checkout's, which goes first when only they are left.
        var closed = counts.Count < 2;
        while (parts.Count > 1 && parts.Sum(p => p.Text.Length + 3) + 4 > width)
        {
            if (!closed && parts[^1].Text == full)
            {
                parts[^1] = (string.Join("·", counts), text);
                closed = true;
                continue;
            }

            var where = checkout is null || parts[^1].Text != name ? -1 : parts.FindIndex(p => p.Text == checkout);
            parts.RemoveAt(where > 0 ? where : parts.Count - 1);
        }

        return Joined(theme, sep, parts);
    }

    /// <summary>The header's title, then <paramref name="parts"/> with the separator between them.</summary>
    private static OneLine Joined(Theme theme, (string, Style) sep, IEnumerable<(string Text, Style Style)> parts)
    {
        var line = new List<(string, Style)> { ("ias ", theme.Style(ThemeRoles.HeaderTitle)) };
        foreach (var p in parts)
        {
            if (line.Count > 1)
            {
                line.Add(sep);
            }

            line.Add(p);
        }

        return Pieces.Line([.. line]);
    }

    /// <summary>"3 questions" when more than one waits for a person (i lists them); one shows in the footer's a key alone.</summary>
    private static string? Waiting(EngineSnapshot snap) => snap.Questions.Count > 1 ? $"{snap.Questions.Count} questions" : null;

    /// <summary>
    /// A queue run's badge: LOST when its runner (every one of a team's <paramref name="runners"/>) has not been heard from for
    /// longer than a lease, STOPPED without a runner, PARKED until a usage limit's reset, else what its runner does.
    /// </summary>
    public static (string Word, string Role) Runner(QueueRun run, bool alive, IReadOnlyList<RunnerRow>? runners = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var lost = run.RunnerStatus == RunnerStatus.Lost || (!alive && runners?.Any(r => r.Status == RunnerStatus.Lost) == true);
        return lost ? ("LOST", ThemeRoles.HeaderStateHalted)
            : !alive ? ("STOPPED", ThemeRoles.HeaderStateJackedOut)
            : run.ParkedUntil is not null ? ("PARKED", ThemeRoles.HeaderStateHalted)
            : run.RunnerStatus == RunnerStatus.Running ? ("RUNNING", ThemeRoles.HeaderStateRunning)
            : (run.RunnerStatus.Wire().ToUpperInvariant(), ThemeRoles.HeaderStateReady);
    }

    /// <summary>The cap nearest to stopping the run: "/$1.00" for the run's, "/$5.00 today" for the day's; nothing without one.</summary>
    private static string Cap(Spend? spend)
    {
        if (spend is null || spend.Caps == SpendCaps.None)
        {
            return "";
        }

        if (spend.Caps.Daily is { } daily && (spend.RunLeft is not { } runLeft || spend.TodayLeft < runLeft))
        {
            return $" ({Fmt.Money(spend.Today)}/{SpendCaps.Money(daily.Usd)} today)";
        }

        return $"/{SpendCaps.Money(spend.Caps.Run!.Usd)}";
    }
}
