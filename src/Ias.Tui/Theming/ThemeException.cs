namespace Ias.Tui.Theming;

/// <summary>A theme that cannot be used; the message is the whole one-line error, location first when there is one.</summary>
public sealed class ThemeException : Exception
{
    public ThemeException(string message)
        : base(message)
    {
    }

    public ThemeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
