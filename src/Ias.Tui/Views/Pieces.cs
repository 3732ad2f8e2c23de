using Ias.Core.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>Small Spectre building blocks the panes share: styled one-line paragraphs padded to a pane's height.</summary>
public static class Pieces
{
    public static OneLine Line(params (string Text, Style Style)[] parts) => new(parts);

    /// <summary>Exactly <paramref name="height"/> rows: the lines given, cut or padded with blank ones.</summary>
    public static IRenderable Fill(IEnumerable<IRenderable> lines, int height)
    {
        var rows = lines.Take(Math.Max(0, height)).ToList();
        while (rows.Count < height)
        {
            rows.Add(new Text(" "));
        }

        return new Rows(rows);
    }

    /// <summary>Markup for a panel title in a theme style; an unstyled title stays plain.</summary>
    public static string Title(string text, Style style)
    {
        var markup = style.ToMarkup();
        return markup.Length == 0 ? Markup.Escape(text) : $"[{markup}]{Markup.Escape(text)}[/]";
    }

    /// <summary>Cuts or pads <paramref name="text"/> to exactly <paramref name="width"/> columns.</summary>
    public static string Fit(string text, int width)
    {
        return width <= 0 ? "" : ShortText.Cut(text, width).PadRight(width);
    }
}
