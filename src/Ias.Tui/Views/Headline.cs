using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Snapshots;
using Ias.Tui.Theming;

namespace Ias.Tui.Views;

/// <summary>The header's badge: the run's word (<see cref="EngineSnapshot.Word"/>), drawn in the theme role of its state.</summary>
/// <param name="Word">The badge ("DONE").</param>
/// <param name="Role">The theme role it is drawn in.</param>
/// <param name="Why">A few words after the badge: the trigger, the halt's reason, what publishing did; null for none.</param>
/// <param name="Finished">Whether the run is over: its phase no longer says what it is doing.</param>
public sealed record Headline(string Word, string Role, string? Why, bool Finished)
{
    /// <summary>The badge for a run in <paramref name="state"/> whose word the snapshot worked out.</summary>
    public static Headline Of(RunWord word, RunState state)
    {
        ArgumentNullException.ThrowIfNull(word);
        var role = word.Word switch
        {
            RunWord.Tripped => ThemeRoles.HeaderStateTripped,
            RunWord.Halted => ThemeRoles.HeaderStateHalted,
            RunWord.Ended => ThemeRoles.HeaderStateJackedOut,
            RunWord.Complete or RunWord.Done => ThemeRoles.HeaderStateComplete,
            _ => state switch
            {
                RunState.Running => ThemeRoles.HeaderStateRunning,
                RunState.JackIn => ThemeRoles.HeaderStateJackIn,
                _ => ThemeRoles.HeaderStateReady,
            },
        };
        return new(word.Word, role, word.Why, word.Finished);
    }
}
