using System.Text.RegularExpressions;
using Ias.Tui.Theming;

namespace Ias.Tui.Tests.Theming;

/// <summary>The role table: one place that names every role, for theme files, views and the README.</summary>
public sealed class ThemeRolesTests
{
    [Fact]
    public void Role_names_are_unique_flat_dotted_lowercase_names_with_a_description()
    {
        Assert.Equal(ThemeRoles.All.Count, ThemeRoles.All.Select(r => r.Name).Distinct().Count());
        foreach (var role in ThemeRoles.All)
        {
            Assert.Matches(new Regex("^[a-z][a-z_]*(\\.[a-z][a-z_]*)*$"), role.Name);
            Assert.False(string.IsNullOrWhiteSpace(role.Description), role.Name);
            Assert.DoesNotContain('\n', role.Description);
            Assert.True(ThemeRoles.IsKnown(role.Name));
        }

        Assert.False(ThemeRoles.IsKnown("Breaker.Open"));
    }

    [Fact]
    public void The_roles_the_issue_names_are_all_there()
    {
        string[] required =
        [
            "header.title", "header.text", "header.state.running", "header.state.halted", "header.state.complete",
            "pane.border", "pane.border.focused", "pane.title", "pane.title.focused", "text", "text.dim", "selection",
            "footer.key", "footer.text", "help.title", "help.key", "help.text",
            "job.pending", "job.running", "job.done", "job.failed", "job.halted",
            "log.assistant", "log.tool", "log.tool_result", "log.retry", "log.error", "log.system", "log.filter_match",
            "breaker.closed", "breaker.open", "breaker.half_open", "bar.fill", "bar.warn", "bar.danger", "bar.empty",
            "rate.waiting", "dialog.border", "dialog.text", "too_small",
        ];

        Assert.All(required, name => Assert.True(ThemeRoles.IsKnown(name), name));
    }

    [Fact]
    public void The_markdown_table_has_a_row_per_role_in_table_order()
    {
        var lines = ThemeRoles.Markdown().TrimEnd('\n').Split('\n');

        Assert.Equal("| Role | What it colours |", lines[0]);
        Assert.Equal("|---|---|", lines[1]);
        Assert.Equal(ThemeRoles.All.Select(r => $"| `{r.Name}` | {r.Description} |"), lines[2..]);
    }
}
