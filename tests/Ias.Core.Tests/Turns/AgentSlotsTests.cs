using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Tests.Support;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

/// <summary>ias.parallel.max: how many agents work at once in a repository, every engine and runner of it together.</summary>
public sealed class AgentSlotsTests
{
    [Fact]
    public async Task Past_the_cap_a_turn_waits_says_so_once_and_goes_on_when_an_agent_ends()
    {
        using var dir = new TempDir();
        var git = new GitCli(dir.Path);
        git.Run("init", "--quiet");
        var said = new List<string>();
        var waits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = await AgentSlots.TakeAsync(git, 2, TimeProvider.System, said.Add, CancellationToken.None);
        using var second = await AgentSlots.TakeAsync(git, 2, TimeProvider.System, said.Add, CancellationToken.None);
        var third = AgentSlots.TakeAsync(git, 2, TimeProvider.System, line => { said.Add(line); waits.TrySetResult(); }, CancellationToken.None);
        await waits.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.False(third.IsCompleted);
        first.Dispose();
        using var taken = await third.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["2 agent(s) already work in this repository (ias.parallel.max: 2); this one waits for one of them to end"], said);
    }

    [Fact]
    public async Task A_worktree_of_the_repository_counts_against_the_same_cap()
    {
        using var dir = new TempDir();
        var git = new GitCli(dir.Path);
        git.Run("init", "--quiet", "--initial-branch=main");
        git.Run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "--allow-empty", "-m", "first");
        git.Run("worktree", "add", "--quiet", "-b", "other", dir.Combine("tree"));
        using var held = await AgentSlots.TakeAsync(git, 1, TimeProvider.System, _ => { }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var inTree = AgentSlots.TakeAsync(git.At(dir.Combine("tree")), 1, TimeProvider.System, _ => waited.TrySetResult(), cancel.Token);
        await waited.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inTree);
    }

    [Theory]
    [InlineData("run_mode:\n  enabled: true\n", null)]
    [InlineData("ias:\n  parallel:\n    max: 3\n", 3)]
    public void The_cap_is_read_from_ias_parallel_max(string yaml, int? max)
    {
        var read = ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(max, read.Config.ParallelMax);
        Assert.Empty(read.Warnings);
        Assert.True(AgentSlots.Default >= 2);
    }

    [Fact]
    public void A_cap_of_zero_names_file_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  parallel:\n    max: 0\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.StartsWith("config .loa.config.yaml:3:10: ias.parallel.max must be", e.Message, StringComparison.Ordinal);
    }
}
