namespace Ias.Tui.Views;

/// <summary>
/// One line typed in the footer, the same keys for every purpose: the log's filter, its search, or an answer to the
/// question <see cref="Asking"/> (null: the oldest open one).
/// </summary>
public sealed record LineEditor(LinePurpose Purpose, string Text = "", string? Asking = null)
{
    /// <summary>The line after a typing key (a character, space, backspace); null for any other key.</summary>
    public LineEditor? Type(string key) => key switch
    {
        "backspace" => this with { Text = Text.Length == 0 ? "" : Text[..^1] },
        "space" => this with { Text = Text + " " },
        _ when key.Length == 1 => this with { Text = Text + key },
        _ => null,
    };
}
