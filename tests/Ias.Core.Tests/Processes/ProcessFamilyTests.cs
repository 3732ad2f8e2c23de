using System.Diagnostics;
using Ias.Core.Processes;

namespace Ias.Core.Tests.Processes;

public sealed class ProcessFamilyTests
{
    [Fact]
    public void A_process_carrying_the_tag_among_others_is_a_member_and_one_with_another_tag_is_not()
    {
        var tag = ProcessFamily.NewTag();
        using var ours = Sleep($"{ProcessFamily.NewTag()},{tag},{ProcessFamily.NewTag()}");
        using var theirs = Sleep(ProcessFamily.NewTag());
        try
        {
            var members = new ProcessFamily(ours.Id, tag).Members();

            Assert.Contains(ours.Id, members);
            Assert.DoesNotContain(theirs.Id, members);
            Assert.DoesNotContain(Environment.ProcessId, members);
        }
        finally
        {
            ours.Kill();
            theirs.Kill();
        }
    }

    [Fact]
    public void A_run_inside_a_run_keeps_the_outer_tags_and_adds_its_own()
    {
        var tag = ProcessFamily.NewTag();
        var outer = Environment.GetEnvironmentVariable(ProcessFamily.TagVariable);

        var value = ProcessFamily.TagValue(tag);

        Assert.Equal(string.IsNullOrEmpty(outer) ? tag : $"{outer},{tag}", value);
    }

    [Fact]
    public void A_group_left_with_only_a_zombie_has_no_process_that_runs()
    {
        // The group's one process exits while its parent, outside the group, never reaps it: a zombie kill(2) still answers for.
        using var dir = new Support.TempDir();
        var pidFile = Path.Combine(dir.Path, "pid");
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", $"setsid sh -c 'echo $$ > {pidFile}' & exec sleep 300"]) { UseShellExecute = false })!;
        try
        {
            var zombie = 0;
            Assert.True(SpinWait.SpinUntil(() => File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out zombie) && State(zombie) == 'Z', TimeSpan.FromMinutes(1)));
            var family = new ProcessFamily(zombie, ProcessFamily.NewTag());

            Assert.True(PosixSignals.SignalGroup(zombie, PosixSignals.Probe), "the zombie is still in its group");
            Assert.False(family.Alive([]));
            Assert.False(LiveProcesses.Any(zombie, [zombie]));
            Assert.True(LiveProcesses.Any(0, [parent.Id]));
        }
        finally
        {
            parent.Kill();
        }
    }

    private static char? State(int pid)
    {
        var buffer = new byte[64];
        return LiveProcesses.Stat(pid, ref buffer)?.State;
    }

    /// <summary>A sleeping child with <paramref name="tags"/> in its environment; Process.Start returns once it has exec'd, so its environment is in place.</summary>
    private static Process Sleep(string tags)
    {
        var info = new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false };
        info.Environment[ProcessFamily.TagVariable] = tags;
        return Process.Start(info)!;
    }
}
