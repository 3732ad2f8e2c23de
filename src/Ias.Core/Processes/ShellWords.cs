namespace Ias.Core.Processes;

/// <summary>Words written into a shell script ias makes: each quoted so sh reads it back as the one word it was.</summary>
public static class ShellWords
{
    /// <summary>Quotes a word for sh: '…' with every ' written as '\''.</summary>
    public static string Quote(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
