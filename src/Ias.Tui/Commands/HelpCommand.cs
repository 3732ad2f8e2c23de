using System.CommandLine;
using Ias.Tui.Theming;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Commands;

/// <summary>`ias help keys|themes`: the dashboard's key table and theme roles, generated from the tables the code uses.</summary>
public static class HelpCommand
{
    /// <summary>What `ias` and `ias help` alone print: where a newcomer starts, rather than a parser's complaint.</summary>
    public static readonly string FirstSteps = string.Join('\n',
        "ias runs coding agents through Run Mode sprints and a job queue, safely, and shows them in a dashboard.",
        "",
        "  ias demo             watch a sprint run in a throwaway repository, with a simulated agent",
        "  ias init-repo        make this repository ready for ias run sprint-1, step by step",
        "  ias bootstrap        write what agents read here (AGENTS.md, docs/ias/); ias preflight checks it",
        "  ias run sprint-1     run a sprint of grimoires/loa/sprint.md (ias dashboard watches it)",
        "  ias help keys        the dashboard's keys",
        "  ias --help           every command; ias COMMAND --help for one",
        "");

    /// <summary>Prints <see cref="FirstSteps"/>; exit 0, since asking what ias does is not a mistake.</summary>
    public static void ShowFirstSteps(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(_ =>
        {
            Console.Write(FirstSteps);
            return 0;
        });
    }

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
        var help = new Command("help", "Where to start, and reference tables: keys, themes") { keys, themes };
        ShowFirstSteps(help);
        return help;
    }
}
