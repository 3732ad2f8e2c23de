using Ias.Core.Snapshots;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>The selected job's log for people: filter, follow (stay at the end), wrap or crop.</summary>
public static class LogPane
{
    /// <summary>The lines the pane can show after filter and wrap, in order.</summary>
    public static IReadOnlyList<LogLine> Visible(IEnumerable<LogLine> lines, string filter, bool wrap, int width)
    {
        var kept = filter.Length == 0 ? lines : lines.Where(l => l.Text.Contains(filter, StringComparison.OrdinalIgnoreCase));
        if (!wrap || width < 2)
        {
            return kept as IReadOnlyList<LogLine> ?? kept.ToList();
        }

        var wrapped = new List<LogLine>();
        foreach (var l in kept)
        {
            if (l.Text.Length <= width)
            {
                wrapped.Add(l);
                continue;
            }

            for (var i = 0; i < l.Text.Length; i += width)
            {
                wrapped.Add(l with { Text = l.Text.Substring(i, Math.Min(width, l.Text.Length - i)) });
            }
        }

        return wrapped;
    }

    public static IRenderable Render(IReadOnlyList<LogLine> visible, int top, string filter, Theme theme, int height)
    {
        if (visible.Count == 0)
        {
            var why = filter.Length > 0 ? $"no line matches \"{filter}\"" : "no output yet";
            return Pieces.Fill([Pieces.Line((why, theme.Style(ThemeRoles.TextDim)))], height);
        }

        return Pieces.Fill(visible.Skip(top).Take(height).Select(l => Styled(l, filter, theme)), height);
    }

    private static IRenderable Styled(LogLine line, string filter, Theme theme)
    {
        var style = theme.Style(line.Kind switch
        {
            LogKind.Assistant => ThemeRoles.LogAssistant,
            LogKind.Tool => ThemeRoles.LogTool,
            LogKind.ToolResult => ThemeRoles.LogToolResult,
            LogKind.Retry => ThemeRoles.LogRetry,
            LogKind.Error => ThemeRoles.LogError,
            _ => ThemeRoles.LogSystem,
        });
        var text = line.Text.Length == 0 ? " " : line.Text;
        var at = filter.Length == 0 ? -1 : text.IndexOf(filter, StringComparison.OrdinalIgnoreCase);
        return at < 0
            ? Pieces.Line((text, style))
            : Pieces.Line((text[..at], style), (text.Substring(at, filter.Length), theme.Style(ThemeRoles.LogFilterMatch)), (text[(at + filter.Length)..], style));
    }
}
