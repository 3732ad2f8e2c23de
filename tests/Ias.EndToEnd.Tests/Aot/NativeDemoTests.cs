using System.Text.Json.Nodes;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Commands;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Aot;

/// <summary>
/// The native ias (Native AOT, trimmed: no reflection, no JIT) against this build's ias.dll: the demo leaves the same run,
/// the same commits and the same state.json, and its dashboard draws in a real terminal.
/// </summary>
public sealed class NativeDemoTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    [AotFact]
    public async Task The_native_demo_runs_headless_to_JACKED_OUT_with_the_commits_and_state_json_of_the_jit_build()
    {
        // Folders of the same length, so the paths the agents read count the same tokens in both runs.
        using var jitDir = new TempDir();
        using var aotDir = new TempDir();
        var jitRepo = jitDir.Combine("demo");
        var aotRepo = aotDir.Combine("demo");

        var runs = await Task.WhenAll(
            IasProcess.RunAsync(IasProgram.Jit, jitDir.Path, null, "demo", "--headless", "--dir", jitRepo),
            IasProcess.RunAsync(IasProgram.Aot!, aotDir.Path, null, "demo", "--headless", "--dir", aotRepo)).WaitAsync(Timeout);

        foreach (var (code, stdout, stderr) in runs)
        {
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("sprint-1 DONE — passed", stdout);
        }

        Schema.AssertMatches(Path.Combine(aotRepo, ".run", "state.json"), Schema.State);
        Schema.AssertMatches(Path.Combine(aotRepo, ".run", "circuit-breaker.json"), Schema.Breaker);
        Assert.Equal(Stable(State(jitRepo), "timestamps"), Stable(State(aotRepo), "timestamps"));
        Assert.Equal(await SubjectsAsync(jitRepo), await SubjectsAsync(aotRepo));
        Assert.Equal("", (await DemoTests.Git(aotRepo, "status", "--porcelain")).Trim());

        // run-status reads the database back (source-generated JSON, schema parts declared for the trimmer) as the JIT build does.
        var status = await Task.WhenAll(
            IasProcess.RunAsync(IasProgram.Jit, jitDir.Path, null, "run-status", "--json", "--repo", jitRepo),
            IasProcess.RunAsync(IasProgram.Aot!, aotDir.Path, null, "run-status", "--json", "--repo", aotRepo)).WaitAsync(Timeout);
        Assert.All(status, s => Assert.True(s.Code == 0, $"exit {s.Code}\n{s.Out}\n{s.Err}"));
        string[] clock = ["started", "last_activity", "runtime_seconds"];
        var (jitStatus, aotStatus) = (JsonNode.Parse(status[0].Out)!.AsObject(), JsonNode.Parse(status[1].Out)!.AsObject());

        // A run that crossed the hour counts the calls of the new hour only: the counts compare when neither did.
        if (CrossedTheHour(jitRepo) || CrossedTheHour(aotRepo))
        {
            jitStatus["rate_limit"]!.AsObject().Remove("calls_this_hour");
            aotStatus["rate_limit"]!.AsObject().Remove("calls_this_hour");
        }

        Assert.Equal(Stable(jitStatus, clock), Stable(aotStatus, clock));
    }

    private static bool CrossedTheHour(string repo)
    {
        var hour = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, ".run", "rate-limit.json")))!["current_hour"]!.GetValue<DateTimeOffset>();
        return State(repo)["timestamps"]!["started"]!.GetValue<DateTimeOffset>() < hour;
    }

    [AotFact]
    public async Task The_native_dashboard_draws_the_demo_going_round_and_quits_on_q()
    {
        Tmux.AssertInstalled();
        using var dir = new TempDir();
        using var tmux = Tmux.Start(IasProgram.Aot!, 120, 40, dir.Path, null, "demo", "--dir", Path.Combine(dir.Path, "demo"));

        await tmux.WaitForAsync("c1 REVIEW    reviewer    !1", Timeout);
        var done = await tmux.WaitForAsync(" DONE ", Timeout);
        Assert.Contains("c2 AUDIT", done);
        Assert.Contains("3 Circuit breaker", done);

        tmux.Keys("q");
        var after = await tmux.WaitForAsync("[exited 0]", Timeout);
        Assert.Contains("demo repository:", after);
    }

    private static JsonObject State(string repo) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(repo, ".run", "state.json")))!.AsObject();

    /// <summary>The document without what differs from run to run by design: the run's id and the clock's readings.</summary>
    private static string Stable(JsonObject document, params string[] clock)
    {
        document.Remove("run_id");
        foreach (var key in clock)
        {
            document.Remove(key);
        }

        return document.ToJsonString();
    }

    /// <summary>The subjects of the sprint branch's commits, oldest first.</summary>
    private static async Task<string> SubjectsAsync(string repo) =>
        await DemoTests.Git(repo, "log", "--reverse", "--format=%s", "main..feature/sprint-1");
}
