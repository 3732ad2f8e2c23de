using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>
/// One row of the binding table: keys, the command, a short description, whether the footer shows it, the question a
/// destructive command asks first (answered No by default), a label for the footer when it differs from the keys, for
/// a pane's number key the pane it focuses, why the key cannot act on what the screen shows (null: it can), and the
/// question in the words of what the screen shows, when it names what the command acts on.
/// </summary>
public sealed record KeyBinding(
    IReadOnlyList<string> Keys,
    DashboardCommand Command,
    string Description,
    bool InFooter = false,
    string? Confirm = null,
    string? FooterLabel = null,
    string? Pane = null,
    Func<EngineSnapshot, string?>? WhyNot = null,
    Func<EngineSnapshot, string>? Ask = null)
{
    public string KeyLabel => FooterLabel ?? string.Join("/", Keys);

    /// <summary>Why the key does nothing for <paramref name="snap"/>, in one line; null when it can act.</summary>
    public string? CannotAct(EngineSnapshot snap) => WhyNot?.Invoke(snap);

    /// <summary>What the key asks before it acts on <paramref name="snap"/>; null for a key that acts at once.</summary>
    public string? Question(EngineSnapshot? snap) => Confirm is null ? null : snap is not null && Ask is not null ? Ask(snap) : Confirm;
}
