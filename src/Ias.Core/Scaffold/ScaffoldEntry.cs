namespace Ias.Core.Scaffold;

/// <summary>One scaffold file as it stands in a repository, what writing the scaffold would do to it, and why not when it would not.</summary>
public sealed record ScaffoldEntry(ScaffoldFile File, ScaffoldState State, string? Why = null)
{
    /// <summary>The change writing the scaffold makes, as one line ("write docs/ias/…"); null when it makes none.</summary>
    public string? Change => State switch
    {
        ScaffoldState.Missing => $"write {File.Path}",
        ScaffoldState.NoSection => $"add the ias section to {File.Path}",
        ScaffoldState.OldSection => $"refresh the ias section of {File.Path}",
        _ => null,
    };

    /// <summary>How the file stands, as pre-flight and bootstrap say it.</summary>
    public string Describe() => State switch
    {
        ScaffoldState.InPlace => File.Sectioned ? $"{File.Path} has the ias section" : $"{File.Path} is in place",
        ScaffoldState.Kept => $"{File.Path} is yours and kept as it is",
        ScaffoldState.Missing => $"{File.Path} is missing",
        ScaffoldState.NoSection => $"{File.Path} has no ias section",
        ScaffoldState.OldSection => $"{File.Path} has the ias section of another ias version",
        _ => $"{File.Path} is left as it is: {Why}",
    };

    /// <summary>Whether an agent finds here what the file is for: a person's own version and an older section count.</summary>
    public bool Serves => State is ScaffoldState.InPlace or ScaffoldState.Kept or ScaffoldState.OldSection;
}
