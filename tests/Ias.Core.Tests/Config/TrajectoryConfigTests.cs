using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>ias.trajectory.commit: whether a run's COMPLETED commit carries a copy of its trajectory.</summary>
public sealed class TrajectoryConfigTests
{
    [Theory]
    [InlineData("run_mode:\n  enabled: true\n", false)]
    [InlineData("ias:\n  trajectory:\n    commit: true\n", true)]
    [InlineData("ias:\n  trajectory:\n    commit: false\n", false)]
    public void The_trajectory_stays_out_of_git_unless_the_configuration_commits_it(string yaml, bool commits)
    {
        var read = ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(commits, read.Config.CommitTrajectory);
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void A_commit_that_is_not_a_boolean_names_file_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  trajectory:\n    commit: sometimes\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.StartsWith("config .loa.config.yaml:3:13: ias.trajectory.commit must be", e.Message, StringComparison.Ordinal);
    }
}
