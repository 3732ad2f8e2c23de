using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Tests.Views;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>
/// What reading `.loa.config.yaml` warned of opens the dashboard's footer, where the person looks, rather than scrolling
/// away on stderr before the dashboard takes the screen.
/// </summary>
public sealed class ConfigWarningTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void An_unknown_key_opens_the_footer_with_its_place_and_what_was_meant()
    {
        var warnings = Config("""
            ias:
              sprintplan: plan.md
            """);

        var footer = Footer(App(warnings).Greeting);

        Assert.Equal([".loa.config.yaml:2:3: unknown key ias.sprintplan (ignored; did you mean ias.sprint_plan?)"], warnings);
        Assert.True(footer.StartsWith($"{warnings[0]}  ", StringComparison.Ordinal), footer);
        Assert.EndsWith("? help  q quit", footer.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_warnings_say_the_first_how_many_there_are_and_that_preflight_lists_them()
    {
        var warnings = Config("""
            run_mode:
              git:
                auto_psuh: true
            ias:
              sprintplan: plan.md
            agents:
              reviewer:
                agnet: codex
            """);

        var footer = Footer(App(warnings).Greeting);

        Assert.Equal(3, warnings.Count);
        Assert.StartsWith($"1 of 3 config warnings (`ias preflight` lists them): {warnings[0][..30]}", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("sprintplan", footer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_reads_cleanly_leaves_the_footer_to_the_greeting()
    {
        var warnings = Config("""
            run_mode:
              git:
                auto_push: true
            """);

        var greeted = new DashboardApp(Checkout, Theme, Glyphs.Unicode, ColorMode.Palette256, EngineLauncher.Detached)
        {
            ConfigWarnings = warnings,
            Target = new DashboardTarget("night", "queue run night, the latest active of 2 runs: l lists them to watch another"),
        };

        Assert.Empty(warnings);
        Assert.Null(App(warnings).Greeting);
        Assert.Equal(greeted.Target.Greeting, greeted.Greeting);
    }

    public void Dispose() => _dir.Dispose();

    private static Theme Theme => ThemeLoader.Load("default");

    private DashboardCheckout Checkout => new(new RunPaths(_dir.Path));

    private DashboardApp App(IReadOnlyList<string> warnings) =>
        new(Checkout, Theme, Glyphs.Unicode, ColorMode.Palette256, EngineLauncher.Detached) { ConfigWarnings = warnings };

    /// <summary>The warnings of the checkout's config once it holds <paramref name="yaml"/>, read as the dashboard reads it.</summary>
    private IReadOnlyList<string> Config(string yaml)
    {
        File.WriteAllText(Path.Combine(_dir.Path, ConfigLoader.FileName), yaml);
        return ConfigLoader.Load(_dir.Path, AgentAdapters.Builtin.Kinds).Warnings;
    }

    /// <summary>The footer of the first frame at 120×40, the dashboard's first line said in it.</summary>
    private static string Footer(string? greeting)
    {
        var buffer = new CellBuffer(120, 40);
        new DashboardScreen(Theme, Glyphs.Unicode, ColorMode.Palette256).Render(buffer, Fixtures.Running(), new DashboardState().Say(greeting), Fixtures.Log());
        return buffer.ToText().Split('\n')[^1];
    }
}
