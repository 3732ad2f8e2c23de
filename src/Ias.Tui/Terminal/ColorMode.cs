namespace Ias.Tui.Terminal;

/// <summary>How many colours the terminal is assumed to show; decides the SGR colour codes written.</summary>
public enum ColorMode
{
    /// <summary>No colour codes at all, decorations kept (the NO_COLOR convention).</summary>
    NoColor,

    /// <summary>The terminal's own 16-colour palette (30–37, 90–97).</summary>
    Ansi16,

    /// <summary>The xterm 256-colour palette (38;5;n); the default because COLORTERM is lost over SSH.</summary>
    Palette256,

    /// <summary>24-bit colour (38;2;r;g;b).</summary>
    TrueColor,
}
