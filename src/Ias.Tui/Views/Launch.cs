using Ias.Core.Snapshots;

namespace Ias.Tui.Views;

/// <summary>
/// An engine the dashboard started, until the run it starts shows: what it starts and when it was launched, and once it
/// has exited without a run, how. Meanwhile the header says "starting sprint-1…", or the engine's last line, where it
/// would say that there is no run here.
/// </summary>
/// <param name="What">What the engine starts, as the header names it ("sprint-1", "the sprint plan").</param>
/// <param name="Since">When it was launched, by the dashboard's clock.</param>
public sealed record Launch(string What, DateTimeOffset Since)
{
    /// <summary>
    /// How long before the launch a run may have begun and still be this engine's: the run's start is written by another
    /// process, and a wall clock may step back a little between the two readings.
    /// </summary>
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(1);

    /// <summary>The engine's exit code once it exited before its run showed; null while it starts.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The engine log's last line then: its refusal or its error, for the header.</summary>
    public string? LastLine { get; init; }

    /// <summary>Whether <paramref name="snap"/> shows the run this engine started: one begun since the launch, not one an earlier engine left.</summary>
    public bool Shows(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Status.Run is { } run && run.Started >= Since - Leeway;
    }

    /// <summary>The launch as <paramref name="snap"/> leaves it: over (null) once its run shows.</summary>
    public Launch? After(EngineSnapshot snap) => Shows(snap) ? null : this;

    /// <summary>The launch once its engine exited with <paramref name="code"/> before its run showed, and the last line it logged.</summary>
    public Launch Exited(int code, string? lastLine) => this with { ExitCode = code, LastLine = lastLine };

    /// <summary>
    /// What to draw of <paramref name="snap"/> while the engine starts: a run an earlier engine left (yesterday's, finished)
    /// is not drawn as if it were the one starting. Once the engine has exited, the checkout is drawn as it is.
    /// </summary>
    public EngineSnapshot Drawn(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return ExitCode is null && snap.Status.Run is not null && !Shows(snap)
            ? EngineSnapshot.Empty(snap.Status.Now) with { Questions = snap.Questions }
            : snap;
    }
}
