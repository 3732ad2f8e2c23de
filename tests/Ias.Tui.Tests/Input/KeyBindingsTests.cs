using System.Runtime.CompilerServices;
using Ias.Tui.Input;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Input;

public sealed class KeyBindingsTests
{
    private static readonly KeyBindings Keys = PaneRegistry.Default.Keys;

    [Theory]
    [InlineData("ctrl-s")]
    [InlineData("ctrl-q")]
    [InlineData("ctrl-b")]
    [InlineData("ctrl-a")]
    public void Flow_control_and_multiplexer_prefixes_are_never_bound(string key) => Assert.Null(Keys.For(key));

    [Fact]
    public void Every_key_is_bound_once()
    {
        var keys = Keys.All.SelectMany(b => b.Keys).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Destructive_commands_ask_first()
    {
        Assert.NotNull(Keys.Of(DashboardCommand.Halt).Confirm);
        Assert.NotNull(Keys.Of(DashboardCommand.HaltNow).Confirm);
        Assert.NotNull(Keys.Of(DashboardCommand.ResumeResetIce).Confirm);
        Assert.Null(Keys.Of(DashboardCommand.Resume).Confirm);
    }

    [Fact]
    public void The_footer_comes_from_the_table()
    {
        Assert.Equal(Keys.All.Count(b => b.InFooter), Keys.Footer().Count());
        Assert.Contains(("?", "help"), Keys.Footer());
    }

    [Fact]
    public void A_narrow_footer_drops_hints_from_the_end_but_keeps_help_and_quit()
    {
        var all = Keys.Footer(200);
        Assert.Equal(Keys.Footer(), all);

        var narrow = Keys.Footer(40);
        Assert.True(narrow.Sum(h => h.Keys.Length + h.Description.Length + 3) <= 40);
        Assert.Equal([("?", "help"), ("q", "quit")], narrow.TakeLast(2));
        Assert.Equal(all.Take(narrow.Count - 2), narrow.Take(narrow.Count - 2));
        Assert.True(narrow.Count < all.Count);

        Assert.Equal([("?", "help"), ("q", "quit")], Keys.Footer(5));
    }

    [Fact]
    public void The_dashboard_documents_key_table_is_the_binding_table()
    {
        var doc = File.ReadAllText(Path.Combine(SourceDir(), "..", "..", "..", "docs", "dashboard.md"));
        Assert.Contains("\n## Keys\n\n" + Keys.Markdown(), doc.ReplaceLineEndings("\n"));
    }

    private static string SourceDir([CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;
}
