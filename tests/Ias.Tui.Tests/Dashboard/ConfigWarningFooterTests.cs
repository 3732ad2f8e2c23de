using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>A mistake in `.loa.config.yaml` is said in the dashboard's footer, where the person looks, not only on stderr.</summary>
public sealed class ConfigWarningFooterTests
{
    [Fact]
    public async Task An_unknown_key_in_the_config_shows_in_the_footer_when_the_dashboard_opens()
    {
        using var repo = new DemoRepo();
        await repo.SetConfigAsync(await File.ReadAllTextAsync(repo.ConfigPath) + "ias:\n  sprintplan: plan.md\n");
        var warning = Assert.Single(ConfigLoader.Load(repo.Path, AgentAdapters.Builtin.Kinds).Warnings);
        Assert.Contains("did you mean ias.sprint_plan?", warning);
        await repo.SprintAsync();

        await using var dashboard = repo.Dashboard(120, 40, "--no-report");
        var screen = await dashboard.WaitForAsync(warning);

        Assert.StartsWith(warning, screen.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }
}
