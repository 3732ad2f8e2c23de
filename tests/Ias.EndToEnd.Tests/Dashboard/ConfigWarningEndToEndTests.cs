using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>A mistake in `.loa.config.yaml` is said in the dashboard's footer, where the person looks, not only on stderr.</summary>
public sealed class ConfigWarningEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public ConfigWarningEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task An_unknown_key_in_the_config_shows_in_the_footer_when_the_dashboard_opens()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(await File.ReadAllTextAsync(repo.ConfigPath) + "ias:\n  sprintplan: plan.md\n");
        var warning = Assert.Single(ConfigLoader.Load(repo.Path, AgentAdapters.Builtin.Kinds).Warnings);
        Assert.Contains("did you mean ias.sprint_plan?", warning);
        var sprint = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint.Code == 0, sprint.Out + sprint.Err);

        using var tmux = Tmux.Start(120, 40, repo.Path, null, "dashboard", "--no-report");
        var screen = await tmux.WaitForAsync(warning, Timeout);

        Assert.StartsWith(warning, screen.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]", Timeout);
    }
}
