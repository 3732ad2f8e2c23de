using Ias.Core.Setup;
using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Commands;

/// <summary>`ias preflight --json` as scripts read it: one line, its fields in order, each check with its mark.</summary>
public sealed class PreflightJsonTests
{
    [Fact]
    public void The_report_is_one_line_with_ready_what_was_fixed_and_each_marked_line()
    {
        PreflightLine[] lines = [new(true, "git: 2.47 + worktrees"), new(false, "claude: not on PATH; install it"), new(false, "café: no hook", Advice: true)];

        var json = PreflightReport.Of(ready: false, ["wrote .gitignore"], lines).Render();

        Assert.Equal(
            """{"ready":false,"fixed":["wrote .gitignore"],"lines":[{"mark":"ok","text":"git: 2.47 + worktrees"},{"mark":"stops","text":"claude: not on PATH; install it"},{"mark":"advice","text":"café: no hook"}]}""",
            json);
    }
}
