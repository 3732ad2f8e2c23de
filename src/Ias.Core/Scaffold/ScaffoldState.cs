namespace Ias.Core.Scaffold;

/// <summary>How a scaffold file stands in a repository, and so what writing the scaffold would do to it.</summary>
public enum ScaffoldState
{
    /// <summary>There as ias writes it: nothing to do.</summary>
    InPlace,

    /// <summary>A person's own version (a file ias would have written): kept as it is.</summary>
    Kept,

    /// <summary>Not there: written.</summary>
    Missing,

    /// <summary>A person's AGENTS.md or CLAUDE.md without the ias section: the section is appended.</summary>
    NoSection,

    /// <summary>The ias section of an older text: replaced in place, the rest of the file untouched.</summary>
    OldSection,

    /// <summary>Something ias will not touch (a link, a folder, a file too large, a begin marker without its end): left to a person.</summary>
    Refused,
}
