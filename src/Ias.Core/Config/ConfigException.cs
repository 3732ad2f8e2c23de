namespace Ias.Core.Config;

/// <summary>A configuration that cannot be used; the message is the whole one-line error, location first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
