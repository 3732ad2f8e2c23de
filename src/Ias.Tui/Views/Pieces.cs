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

    /// <summary>
    /// The text's lines broken at spaces to <paramref name="width"/> columns, each keeping its indent on its first row; a
    /// word longer than the width (a path, a hash) is broken too, so all of it shows.
    /// </summary>
    public static List<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(1, width);
        var lines = new List<string>();
        foreach (var paragraph in text.TrimEnd().ReplaceLineEndings("\n").Split('\n'))
        {
            var indent = paragraph.Length - paragraph.TrimStart(' ').Length;
            var line = indent < width ? new string(' ', indent) : "";
            var fresh = true;
            foreach (var whole in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var word = whole;
                if (!fresh && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line);
                    (line, fresh) = ("", true);
                }

                while (line.Length + word.Length > width)
                {
                    var room = width - line.Length;
                    lines.Add(line + word[..room]);
                    (line, word) = ("", word[room..]);
                }

                (line, fresh) = (fresh ? line + word : $"{line} {word}", false);
            }

            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Cuts or pads <paramref name="text"/> to exactly <paramref name="width"/> columns.</summary>
    public static string Fit(string text, int width)
    {
        return width <= 0 ? "" : ShortText.Cut(text, width).PadRight(width);
    }
}
