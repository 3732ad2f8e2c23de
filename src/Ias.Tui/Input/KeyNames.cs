using Ias.Tui.Terminal;

namespace Ias.Tui.Input;

/// <summary>The names the binding table uses for keys: `h`, `H`, `tab`, `shift-tab`, `down`, `pgdn`, `esc`, `ctrl-c`.</summary>
public static class KeyNames
{
    public static string Of(KeyPress key)
    {
        var name = key.Key switch
        {
            Key.Char when key.Rune.Value == ' ' => "space",
            Key.Char => key.Rune.ToString(),
            Key.Enter => "enter",
            Key.Tab when key.Modifiers.HasFlag(KeyModifiers.Shift) => "shift-tab",
            Key.Tab => "tab",
            Key.Backspace => "backspace",
            Key.Escape => "esc",
            Key.Up => "up",
            Key.Down => "down",
            Key.Left => "left",
            Key.Right => "right",
            Key.Home => "home",
            Key.End => "end",
            Key.PageUp => "pgup",
            Key.PageDown => "pgdn",
            _ => key.Key.ToString().ToLowerInvariant(),
        };
        return key.Modifiers.HasFlag(KeyModifiers.Control) ? "ctrl-" + name
            : key.Modifiers.HasFlag(KeyModifiers.Alt) ? "alt-" + name
            : name;
    }
}
