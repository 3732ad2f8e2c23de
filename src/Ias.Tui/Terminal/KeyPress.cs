using System.Text;

namespace Ias.Tui.Terminal;

/// <summary>One key press decoded from the terminal: the key, its character when it is one, and the modifiers.</summary>
public readonly record struct KeyPress(Key Key, Rune Rune, KeyModifiers Modifiers)
{
    /// <summary>The character as a char, or '\0' for non-characters and characters outside the BMP.</summary>
    public char Char => Key == Key.Char && Rune.IsBmp ? (char)Rune.Value : '\0';

    public static KeyPress Of(Key key, KeyModifiers modifiers = KeyModifiers.None) => new(key, default, modifiers);

    public static KeyPress Character(char character, KeyModifiers modifiers = KeyModifiers.None) => new(Key.Char, new Rune(character), modifiers);

    public static KeyPress Character(Rune rune, KeyModifiers modifiers = KeyModifiers.None) => new(Key.Char, rune, modifiers);

    /// <summary>The key as help text spells it: "q", "ctrl+c", "alt+x", "shift+tab", "pgup", "f5".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Modifiers.HasFlag(KeyModifiers.Control))
        {
            text.Append("ctrl+");
        }

        if (Modifiers.HasFlag(KeyModifiers.Alt))
        {
            text.Append("alt+");
        }

        if (Modifiers.HasFlag(KeyModifiers.Shift))
        {
            text.Append("shift+");
        }

        text.Append(Key switch
        {
            Key.Char when Rune.Value == ' ' => "space",
            Key.Char => Rune.ToString(),
            Key.Escape => "esc",
            Key.PageUp => "pgup",
            Key.PageDown => "pgdn",
            _ => Key.ToString().ToLowerInvariant(),
        });
        return text.ToString();
    }
}
