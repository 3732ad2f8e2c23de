namespace Ias.Core.Guardrails;

/// <summary>
/// A text an agent is about to be given and where it came from: <paramref name="Name"/> is a file (relative to the
/// repository) whose line <paramref name="FirstLine"/> is the text's first, or a description such as "issue #42".
/// </summary>
public sealed record ScannedText(string Name, string Text, int FirstLine = 1, bool IsFile = true)
{
    /// <summary>The line in <see cref="Name"/> of the text's <paramref name="line"/> (1-based).</summary>
    public int LineOf(int line) => IsFile ? FirstLine + line - 1 : line;

    /// <summary>"grimoires/loa/sprint.md:7", or "issue #42, line 3".</summary>
    public string Where(int line) => IsFile ? $"{Name}:{LineOf(line)}" : $"{Name}, line {line}";
}
