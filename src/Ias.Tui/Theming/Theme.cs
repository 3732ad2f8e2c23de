using System.Collections.Frozen;
using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>A loaded theme: a style for every role in ThemeRoles, its own or inherited.</summary>
/// <remarks>Colour-mode conversion (NO_COLOR, 256 colours, truecolor) happens at output; the mono theme uses decorations only, so it loses nothing under NO_COLOR.</remarks>
public sealed class Theme
{
    private readonly FrozenDictionary<string, Style> _styles;

    internal Theme(string name, string description, string source, string? inherits, IReadOnlyDictionary<string, Style> styles, IEnumerable<string> ownRoles)
    {
        Name = name;
        Description = description;
        Source = source;
        Inherits = inherits;
        _styles = styles.ToFrozenDictionary(StringComparer.Ordinal);
        OwnRoles = ownRoles.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The theme's name: its name key, else its file name without extension.</summary>
    public string Name { get; }

    /// <summary>The theme's description key, or empty.</summary>
    public string Description { get; }

    /// <summary>Where the theme was read from: themes/NAME.yaml for a built-in one, else the path as given.</summary>
    public string Source { get; }

    /// <summary>The built-in theme that supplies the roles this one leaves out, or null for default, which sets them all.</summary>
    public string? Inherits { get; }

    /// <summary>The roles the theme's own file sets; every other role is inherited.</summary>
    public IReadOnlySet<string> OwnRoles { get; }

    /// <summary>The style for a role; role is one of the ThemeRoles constants.</summary>
    public Style Style(string role) =>
        _styles.TryGetValue(role, out var style)
            ? style
            : throw new ArgumentException($"\"{role}\" is not a theme role; add it to ThemeRoles and to themes/default.yaml", nameof(role));
}
