namespace Ias.Tui.Input;

/// <summary>
/// One row of the binding table: keys, the command, a short description, whether the footer shows it, the question a
/// destructive command asks first (answered No by default), a label for the footer when it differs from the keys, and
/// for a pane's number key the pane it focuses.
/// </summary>
public sealed record KeyBinding(
    IReadOnlyList<string> Keys,
    DashboardCommand Command,
    string Description,
    bool InFooter = false,
    string? Confirm = null,
    string? FooterLabel = null,
    string? Pane = null)
{
    public string KeyLabel => FooterLabel ?? string.Join("/", Keys);
}
