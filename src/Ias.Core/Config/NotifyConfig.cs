namespace Ias.Core.Config;

/// <summary>
/// How ias tells a person about a halt, a trip, a finished run, a question, a usage-limit wait, a new PR
/// or the end of the night (ias.notify).
/// The terminal channels are on by default, as they only reach a terminal the person has open; the hook runs only when set.
/// </summary>
/// <param name="Bell">ias.notify.bell: a terminal bell (BEL) from the attached dashboard or a headless run.</param>
/// <param name="Desktop">ias.notify.desktop: OSC 9 and OSC 777 desktop notifications, which terminals that know them show.</param>
/// <param name="Tmux">ias.notify.tmux: `tmux display-message` when the dashboard runs inside tmux.</param>
/// <param name="Command">ias.notify.command: a shell command the engine runs with the notification as JSON on stdin; null for none.</param>
public sealed record NotifyConfig(bool Bell, bool Desktop, bool Tmux, string? Command)
{
    /// <summary>ias.notify.report: the `report` event once the last run or runner at work on the box ends.</summary>
    public bool Report { get; init; } = true;

    /// <summary>
    /// ias.notify.report_quiet_seconds: how long the box stays quiet after the last end before the `report` event goes, so
    /// runs chained in a script tell the night once, after the last; 0 tells at once.
    /// </summary>
    public TimeSpan ReportQuiet { get; init; } = TimeSpan.FromMinutes(2);

    public static readonly NotifyConfig Defaults = new(true, true, true, null);
}
