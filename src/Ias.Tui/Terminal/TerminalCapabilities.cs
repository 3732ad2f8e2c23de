using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>What Spectre widgets may assume while rendering into a cell buffer.</summary>
internal sealed class TerminalCapabilities(ColorMode colorMode, bool unicode) : IReadOnlyCapabilities
{
    public ColorSystem ColorSystem { get; } = colorMode switch
    {
        ColorMode.NoColor => ColorSystem.NoColors,
        ColorMode.Ansi16 => ColorSystem.Standard,
        ColorMode.Palette256 => ColorSystem.EightBit,
        _ => ColorSystem.TrueColor,
    };

    public bool Ansi => true;

    // Hyperlinks would need OSC 8 sequences that FrameWriter does not write.
    public bool Links => false;

    public bool Legacy => false;

    public bool IsTerminal => true;

    public bool Interactive => false;

    public bool Unicode { get; } = unicode;
}
