namespace Ias.Tui.Terminal;

/// <summary>Modifier keys held with a key; Shift on a character is already in the character ('Q').</summary>
[Flags]
public enum KeyModifiers
{
    None = 0,
    Shift = 1,
    Alt = 2,
    Control = 4,
}
