using Ias.Tui.Terminal;
using Ias.Tui.Theming;

namespace Ias.Tui.Views;

/// <summary>A labelled bar: green while far from the limit, then warn, then danger as it nears it.</summary>
public static class Bars
{
    public static OneLine Line(string label, double value, double limit, string figure, int width, Theme theme, Glyphs glyphs)
    {
        var fraction = limit <= 0 ? 0 : value / limit;
        var bar = glyphs.Bar(fraction, width);
        var filled = bar.TakeWhile(c => c == glyphs.BarFull).Count();
        var role = fraction >= 1 ? ThemeRoles.BarDanger : fraction >= 0.6 ? ThemeRoles.BarWarn : ThemeRoles.BarFill;
        return Pieces.Line(
            ($"{label,-12}", theme.Style(ThemeRoles.Text)),
            (bar[..filled], theme.Style(role)),
            (bar[filled..], theme.Style(ThemeRoles.BarEmpty)),
            ($" {figure}", theme.Style(ThemeRoles.Text)));
    }
}
