using System.Diagnostics;
using Ias.Core.Agents;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents;

/// <summary>What a killed engine's agent left running is found from `.run/agent.pid` and stopped by the next engine.</summary>
public sealed class AgentRecordTests
{
    [Fact]
    public async Task An_orphaned_agent_and_a_descendant_that_left_its_session_are_both_stopped()
    {
        using var dir = new TempDir();
        var tag = ProcessFamily.NewTag();

        // An agent in a session of its own (as the engine starts it) whose child starts yet another session, then the
        // starter goes away, as a killed engine does: nobody is the parent of either any more.
        var psi = new ProcessStartInfo("setsid", ["-f", "sh", "-c", "setsid sleep 600 & echo \"$$ $!\"; exec sleep 600 >/dev/null"])
        {
            RedirectStandardOutput = true,
        };
        psi.Environment[ProcessFamily.TagVariable] = tag;
        using var starter = Process.Start(psi)!;
        var pids = (await starter.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!.Split(' ').Select(int.Parse).ToArray();
        var (agent, escaped) = (pids[0], pids[1]);
        var record = new AgentRecord(dir.Combine(".run", "agent.pid"));
        record.Started(agent, tag);

        var stopped = await record.KillOrphanAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(agent, stopped);
        Assert.False(Running(agent), "the orphaned agent is gone");
        Assert.False(Running(escaped), "its descendant in a session of its own is gone");
        Assert.False(File.Exists(dir.Combine(".run", "agent.pid")));
    }

    [Fact]
    public async Task A_record_of_a_process_that_is_gone_stops_nothing()
    {
        using var dir = new TempDir();
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var path = dir.Combine("agent.pid");
        File.WriteAllText(path, $"{gone.Id} 12345 {ProcessFamily.NewTag()}\n");

        Assert.Null(await new AgentRecord(path).KillOrphanAsync(TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_run_dir_removed_under_a_running_agent_loses_no_record_and_breaks_no_turn()
    {
        using var dir = new TempDir();
        var record = new AgentRecord(dir.Combine(".run", "agent.pid"));

        record.Started(Environment.ProcessId, "t");
        Directory.Delete(dir.Combine(".run"), recursive: true);
        record.Ended();
        record.Started(Environment.ProcessId, "t");

        Assert.EndsWith(" t\n", File.ReadAllText(dir.Combine(".run", "agent.pid")));
    }

    // Gone, or a zombie waiting for init to collect it: either way it runs no more.
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
