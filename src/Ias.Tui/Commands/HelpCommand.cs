using System.CommandLine;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Commands;

/// <summary>`ias help keys|themes`: the dashboard's key table and theme roles, generated from the tables the code uses.</summary>
public static class HelpCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "The dashboard's keys (the same table drives the footer and the ? overlay)");
        keys.SetAction(_ =>
        {
            Console.Write(PaneRegistry.Default.Keys.Markdown());
            return 0;
        });
        var themes = new Command("themes", "Built-in themes and the roles a theme file may set");
        themes.SetAction(_ =>
        {
            Console.WriteLine($"built-in themes: {string.Join(", ", ThemeLoader.BuiltInNames)} (choose with --theme or ias.theme)");
            Console.WriteLine("a theme file is YAML, one role per line, e.g. breaker.open: \"bold white on red\"; roles it leaves out come from default\n");
            Console.Write(ThemeRoles.Markdown());
            return 0;
        });
        return new Command("help", "Reference tables: keys, themes") { keys, themes };
    }
}
