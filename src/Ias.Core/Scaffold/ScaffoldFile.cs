namespace Ias.Core.Scaffold;

/// <summary>
/// One file of the scaffold: its path relative to the repository and its text. A <paramref name="Sectioned"/> file (AGENTS.md,
/// CLAUDE.md) is shared with people: ias owns only its marked section, and <paramref name="Text"/> is that section's body.
/// </summary>
public sealed record ScaffoldFile(string Path, string Text, bool Sectioned = false)
{
    /// <summary>The file as ias writes it where there is none.</summary>
    public string NewText => Sectioned ? MarkedSection.Block(Text) : Text;
}
