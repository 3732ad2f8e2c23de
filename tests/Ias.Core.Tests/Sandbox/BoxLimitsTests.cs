using Ias.Core.Config;
using Ias.Core.Sandbox;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The limits every box holds to, whoever starts it, on real bubblewrap: processes, file size, and how a workspace's disk is counted.</summary>
public sealed class BoxLimitsTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly GitRepo _repo = new();
    private readonly TempDir _scratch = new();

    public void Dispose()
    {
        _repo.Dispose();
        _scratch.Dispose();
    }

    [BoxFact]
    public void A_box_that_forks_past_its_cap_is_stopped_at_the_cap()
    {
        // Forty sleeps held at once under a cap of twenty: the shell's fork fails before the twentieth.
        var box = Box(new BoxLimits(20, 256 * MiB, 1024 * MiB));
        using var command = box.Wrap("/bin/sh", ["-c", "i=0; while [ $i -lt 40 ]; do sleep 30 >/dev/null 2>&1 & pids=\"$pids $!\"; i=$((i+1)); echo $i; done"], writes: false, _scratch.Path);

        var (lines, _) = BoxProcess.Run(command);

        Assert.InRange(int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture), 1, 19);
        Assert.True(!command.Cap.Cgroup || command.Cap.Hit(), "the cgroup did not record the refused fork");
        Assert.Contains("ias.sandbox.max_processes", command.Cap.Message("the tests"), StringComparison.Ordinal);
    }

    [BoxFact]
    public void No_file_a_box_writes_grows_past_the_workspace_limit()
    {
        var box = Box(new BoxLimits(4096, 256 * MiB, 1 * MiB));
        using var command = box.Wrap("/bin/sh", ["-c", "dd if=/dev/zero of=big bs=64k count=64 2>/dev/null; stat -c %s big"], writes: true, _scratch.Path);

        var (lines, _) = BoxProcess.Run(command);

        Assert.Equal([(1 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture)], lines);
    }

    [Fact]
    public void A_sparse_file_counts_what_it_holds_and_a_link_is_not_followed()
    {
        using var dir = new TempDir();
        using (var sparse = File.Create(dir.Combine("sparse")))
        {
            sparse.SetLength(512 * MiB);
        }

        File.WriteAllBytes(dir.Combine("full"), new byte[2 * MiB]);
        using var outside = new TempDir();
        File.WriteAllBytes(outside.Combine("elsewhere"), new byte[8 * MiB]);
        File.CreateSymbolicLink(dir.Combine("link"), outside.Path);

        var used = DiskUsage.Of(dir.Path);

        Assert.InRange(used, 2 * MiB, 3 * MiB);
    }

    [Fact]
    public void An_unset_workspace_limit_is_four_times_the_checkout_at_least_1024_MiB()
    {
        var small = BoxLimits.Of(SandboxConfig.Defaults, _repo.Path);
        // Allocated, not written: the blocks count, and the test writes nothing.
        using (new FileStream(Path.Combine(_repo.Path, "data.bin"), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = 300 * MiB }))
        {
        }

        var large = BoxLimits.Of(SandboxConfig.Defaults, _repo.Path);
        var set = BoxLimits.Of(SandboxConfig.Defaults with { WorkspaceMb = 8, MaxProcesses = 20, MaxOutputMb = 2 }, _repo.Path);

        Assert.Equal(1024 * MiB, small.WorkspaceBytes);
        Assert.InRange(large.WorkspaceBytes, 1200 * MiB, 1220 * MiB);
        Assert.Equal(new BoxLimits(20, 2 * MiB, 8 * MiB), set);
    }

    private AgentBox Box(BoxLimits limits) => new(BoxLayout.For(_repo.Git, []) with { Home = null, Limits = limits });
}
