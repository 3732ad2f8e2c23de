namespace Ias.Tui.Terminal;

/// <summary>Switches the terminal's line discipline into raw mode and back.</summary>
public interface ITtyMode
{
    /// <summary>Saves the current settings, then turns off echo, line editing and signal keys.</summary>
    void EnterRaw();

    /// <summary>Puts back exactly the settings EnterRaw saved; does nothing if it saved none.</summary>
    void Restore();
}
