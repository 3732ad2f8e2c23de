using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Runs;

/// <summary>004's full trajectory: a run's audit trail in grimoires/loa/a2a/trajectory/, kept out of git unless the configuration commits it.</summary>
public sealed class TrajectoryTests
{
    private const string Demo = "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: 6\n    timeout_hours: 1\nagents:\n  default:\n    agent: sim\n";

    [Fact]
    public async Task A_run_writes_its_transitions_agent_calls_and_commits_to_its_trajectory_and_git_never_sees_it()
    {
        using var repo = new DemoRepo();

        Assert.Equal(RunState.JackedOut, (await repo.SprintAsync()).State);
        var lines = Trajectory(repo);
        var events = lines.Where(l => l.GetProperty("type").GetString() == "event").ToList();
        var calls = lines.Where(l => l.GetProperty("type").GetString() == "agent_call").ToList();
        Assert.Equal(lines.Count, events.Count + calls.Count);
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("state").GetString() == "JACKED_OUT");
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "commit");
        Assert.DoesNotContain(events, e => e.GetProperty("kind").GetString() is "tool" or "assistant" or "agent");
        Assert.Equal(["implementer", "reviewer", "auditor"], calls.Select(c => c.GetProperty("role").GetString()).Distinct().Order(Comparer<string?>.Create(RoleOrder)));
        Assert.All(calls, c =>
        {
            Assert.Equal("success", c.GetProperty("outcome").GetString());
            Assert.True(c.GetProperty("tokens_in").GetInt64() > 0);
            Assert.True(decimal.Parse(c.GetProperty("cost_usd").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        });
        Assert.Equal("", repo.Git("status", "--porcelain").Trim());
        Assert.DoesNotContain("trajectory", repo.Git("log", "--all", "--name-only", "--format="));
    }

    [Fact]
    public async Task With_commit_on_the_completed_commit_carries_a_copy_and_under_metadata_only_messages_are_markers()
    {
        using var repo = new DemoRepo();
        await repo.SetConfigAsync(Demo + "ias:\n  trajectory:\n    commit: true\n  data_policy:\n    mode: metadata_only\n");

        Assert.Equal(RunState.JackedOut, (await repo.SprintAsync()).State);
        var completed = repo.Git("log", "--format=%H %s", "feature/sprint-1").Split('\n').Single(l => l.Contains("): COMPLETED", StringComparison.Ordinal));
        Assert.Contains("grimoires/loa/a2a/sprint-1/trajectory.jsonl", repo.Git("show", "--name-only", "--format=", completed[..40]));
        var copy = repo.Git("show", $"{completed[..40]}:grimoires/loa/a2a/sprint-1/trajectory.jsonl");
        Assert.Contains("\"type\":\"agent_call\"", copy);
        Assert.All(Trajectory(repo).Where(l => l.GetProperty("type").GetString() == "event"), e =>
            Assert.StartsWith("[withheld: ", e.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Equal("", repo.Git("status", "--porcelain").Trim());
    }

    private static int RoleOrder(string? a, string? b) =>
        Array.IndexOf(["implementer", "reviewer", "auditor"], a).CompareTo(Array.IndexOf(["implementer", "reviewer", "auditor"], b));

    private static List<JsonElement> Trajectory(DemoRepo repo)
    {
        var runId = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement.GetProperty("run_id").GetString();
        var path = repo.File("grimoires", "loa", "a2a", "trajectory", $"{runId}.jsonl");
        Assert.True(File.Exists(path), $"no trajectory at {path}");
        return [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)];
    }
}
