using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Tests.Support;
using Ias.SimAgent;

namespace Ias.Tui.Tests.SimAgent;

public sealed partial class SimulatedAgentTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task The_implementer_in_cycle_1_writes_the_cycle_notes_and_creates_the_feature()
    {
        var run = await RunAsync(Context("implementer", 1));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("feature for sprint-1\n", File.ReadAllText(_repo.Combine("sim", "sprint-1", "feature.txt")));
        Assert.StartsWith("# sprint-1 cycle 1", File.ReadAllText(_repo.Combine("sim", "sprint-1", "cycle-1.md")));
        Assert.Equal(
            [
                new ToolCall("msg_sim_implementer_1_01", "Write", _repo.Combine("sim", "sprint-1", "cycle-1.md")),
                new ToolCall("msg_sim_implementer_1_02", "Write", _repo.Combine("sim", "sprint-1", "feature.txt")),
            ],
            run.Events.OfType<ToolCall>());
        Assert.Equal(2, run.Events.OfType<ToolResult>().Count(r => !r.IsError));
        var result = run.Final;
        Assert.True(result.Success);
        Assert.Equal(FailureClass.None, result.FailureClass);
        Assert.Contains("created sim/sprint-1/feature.txt", result.Text);
        Assert.Equal(3, result.ApiCalls);
        Assert.True(result.TokensIn > 0 && result.TokensOut > 0 && result.CostUsd > 0);
        Assert.IsType<SessionStarted>(run.Events[0]);
    }

    [Fact]
    public async Task As_triager_it_reads_the_scenarios_bug_file_and_ends_with_a_triage_block_naming_it()
    {
        Directory.CreateDirectory(_repo.Combine("auth"));
        File.WriteAllText(_repo.Combine("auth", "session.txt"), "token check\n");
        var ctx = new SimContext("triager", 1, "sprint-bug-1", _repo.Path, new SimScenario { BugFile = "auth/session.txt" });

        var run = await RunAsync(ctx, "Triage: tokens are refused.");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([new ToolCall("msg_sim_triager_1_01", "Read", _repo.Combine("auth", "session.txt"))], run.Events.OfType<ToolCall>());
        var report = Ias.Core.Bugs.TriageReport.Parse(run.Final.Text, out var error);
        Assert.Null(error);
        Assert.Equal(["auth/session.txt"], report!.SuspectedFiles);
        Assert.Equal("token check\n", File.ReadAllText(_repo.Combine("auth", "session.txt")));
    }

    [Fact]
    public async Task In_a_bug_micro_sprint_the_implementer_fixes_the_bug_file_in_place()
    {
        Directory.CreateDirectory(_repo.Combine("auth"));
        File.WriteAllText(_repo.Combine("auth", "session.txt"), "token check\n");
        var ctx = new SimContext("implementer", 1, "sprint-bug-1", _repo.Path, new SimScenario { BugFile = "auth/session.txt" });

        var run = await RunAsync(ctx);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("token check\nfix (cycle 1): addressed", File.ReadAllText(_repo.Combine("auth", "session.txt")));
        Assert.False(File.Exists(_repo.Combine("sim", "sprint-bug-1", "feature.txt")));
    }

    [Fact]
    public async Task The_implementer_in_a_later_cycle_appends_a_fix_naming_the_prior_findings()
    {
        await RunAsync(Context("implementer", 1));
        var prompt = """
            Fix these findings from the review of cycle 1:
            ```json
            {"verdict": "findings", "findings": [{"id": "R1", "severity": "medium", "title": "no validation"}]}
            ```
            Also the auditor said A2 matters.
            """;

        var run = await RunAsync(Context("implementer", 2), prompt);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "feature for sprint-1\nfix (cycle 2): addressed R1, A2\n",
            File.ReadAllText(_repo.Combine("sim", "sprint-1", "feature.txt")));
        Assert.Contains("Findings addressed: R1, A2", File.ReadAllText(_repo.Combine("sim", "sprint-1", "cycle-2.md")));
        Assert.Contains(run.Events.OfType<ToolCall>(), call => call.ToolName == "Edit" && call.Target!.EndsWith("feature.txt"));
        Assert.True(run.Final.Success);
    }

    [Fact]
    public async Task In_a_no_change_cycle_the_implementer_touches_no_file()
    {
        var scenario = new SimScenario { ImplementNoChangesCycles = [1] };

        var run = await RunAsync(Context("implementer", 1, scenario));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_repo.Path));
        Assert.Empty(run.Events.OfType<ToolCall>());
        Assert.True(run.Final.Success);
    }

    [Fact]
    public async Task In_the_delete_cycle_the_implementer_removes_the_feature_file()
    {
        var scenario = new SimScenario { DeleteFilesCycle = 2 };
        await RunAsync(Context("implementer", 1, scenario));

        var run = await RunAsync(Context("implementer", 2, scenario));

        Assert.False(File.Exists(_repo.Combine("sim", "sprint-1", "feature.txt")));
        Assert.True(File.Exists(_repo.Combine("sim", "sprint-1", "cycle-2.md")));
        Assert.Contains(new ToolCall("msg_sim_implementer_2_03", "Bash", "rm sim/sprint-1/feature.txt"), run.Events);
        Assert.Contains("deleted sim/sprint-1/feature.txt", run.Final.Text);
    }

    [Fact]
    public async Task By_default_the_reviewer_reports_findings_in_cycle_1_and_passes_in_cycle_2()
    {
        await RunAsync(Context("implementer", 1));

        var first = Verdict(await RunAsync(Context("reviewer", 1)));
        var second = Verdict(await RunAsync(Context("reviewer", 2)));

        Assert.Equal("findings", first.GetProperty("verdict").GetString());
        var finding = Assert.Single(first.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal("R1", finding.GetProperty("id").GetString());
        Assert.Equal("medium", finding.GetProperty("severity").GetString());
        Assert.Equal("sim/sprint-1/feature.txt", finding.GetProperty("file").GetString());
        Assert.Equal(1, finding.GetProperty("line").GetInt32());
        Assert.Equal("pass", second.GetProperty("verdict").GetString());
        Assert.Empty(second.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task The_final_message_ends_with_the_verdict_block()
    {
        var run = await RunAsync(Context("reviewer", 1));

        Assert.EndsWith("```", run.Final.Text);
        Assert.Equal(run.Final.Text, run.Events.OfType<AssistantText>().Last().Text);
    }

    [Fact]
    public async Task On_findings_cycles_a_tool_result_carries_a_decoy_pass_verdict()
    {
        var findings = await RunAsync(Context("reviewer", 1));
        var pass = await RunAsync(Context("reviewer", 2));

        Assert.Contains(findings.Events.OfType<ToolResult>(), r => r.Preview.Contains("```json") && r.Preview.Contains("\"verdict\": \"pass\""));
        Assert.Equal("findings", Verdict(findings).GetProperty("verdict").GetString());
        Assert.DoesNotContain(pass.Events.OfType<ToolResult>(), r => r.Preview.Contains("```json"));
    }

    [Fact]
    public async Task The_auditor_passes_by_default_and_reports_findings_in_its_scenario_cycles()
    {
        var scenario = new SimScenario { AuditFindingsCycles = [2] };

        var first = Verdict(await RunAsync(Context("auditor", 1, scenario)));
        var second = Verdict(await RunAsync(Context("auditor", 2, scenario)));

        Assert.Equal("pass", first.GetProperty("verdict").GetString());
        Assert.Equal("findings", second.GetProperty("verdict").GetString());
        var finding = Assert.Single(second.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal("A1", finding.GetProperty("id").GetString());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task With_same_findings_always_the_reviewer_repeats_one_finding_word_for_word()
    {
        var scenario = new SimScenario { SameFindingsAlways = true };

        var verdicts = new List<string>();
        for (var cycle = 1; cycle <= 3; cycle++)
        {
            verdicts.Add(Verdict(await RunAsync(Context("reviewer", cycle, scenario))).GetRawText());
        }

        Assert.Single(verdicts.Distinct());
        Assert.Contains("\"findings\"", verdicts[0]);
    }

    [Fact]
    public async Task Without_same_findings_always_findings_differ_between_cycles()
    {
        var scenario = new SimScenario { ReviewFindingsCycles = [1, 2] };

        var first = Verdict(await RunAsync(Context("reviewer", 1, scenario))).GetRawText();
        var second = Verdict(await RunAsync(Context("reviewer", 2, scenario))).GetRawText();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Output_is_the_same_for_the_same_scenario_except_the_session_id()
    {
        using var other = new TempDir();
        var prompt = "Implement sprint-1.";

        var first = await RunAsync(Context("implementer", 1), prompt);
        var second = await RunAsync(Context("implementer", 1) with { RepoPath = other.Path }, prompt);

        Assert.NotEqual(first.Final.SessionId, second.Final.SessionId);
        Assert.Equal(
            Normalise(first.Stdout, first.Final.SessionId!, _repo.Path),
            Normalise(second.Stdout, second.Final.SessionId!, other.Path));
    }

    [Fact]
    public async Task Crash_mode_starts_a_session_then_exits_3_without_a_result()
    {
        var run = await RunAsync(Context("implementer", 1, Failing("implementer", SimFailureMode.Crash)));

        Assert.Equal(3, run.ExitCode);
        Assert.IsType<SessionStarted>(Assert.Single(run.Events));
        Assert.False(run.Parser.SawResult);
        Assert.Contains("simulated crash", run.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_repo.Path));
    }

    [Fact]
    public async Task Garbage_mode_interleaves_unparsable_lines_and_still_succeeds()
    {
        var run = await RunAsync(Context("implementer", 1, Failing("implementer", SimFailureMode.Garbage)));

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Final.Success);
        Assert.Equal(run.Stdout.Count / 2, run.Parser.UnparsedLines);
        Assert.True(File.Exists(_repo.Combine("sim", "sprint-1", "feature.txt")));
    }

    [Fact]
    public async Task Huge_mode_writes_megabytes_of_text_in_one_api_call_then_succeeds()
    {
        var scenario = Failing("reviewer", SimFailureMode.Huge) with { HugeMb = 1.5 };

        var run = await RunAsync(Context("reviewer", 2, scenario));

        Assert.Equal(0, run.ExitCode);
        var hugeText = run.Events.OfType<AssistantText>().Where(t => t.MessageId == "msg_sim_reviewer_2_01").Sum(t => (long)t.Text.Length);
        Assert.Equal((long)(1.5 * 1024 * 1024), hugeText);
        Assert.True(run.Final.Success);
        Assert.Equal("pass", Verdict(run).GetProperty("verdict").GetString());
        Assert.Equal(3, run.Final.ApiCalls);
    }

    [Fact]
    public async Task Usage_limit_mode_reports_the_reset_an_hour_ahead_and_exits_1()
    {
        var clock = new ManualClock(Now);

        var run = await RunAsync(Context("implementer", 1, Failing("implementer", SimFailureMode.UsageLimit)), clock: clock);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(new UsageLimit(Now.AddHours(1)), Assert.Single(run.Events.OfType<UsageLimit>()));
        Assert.False(run.Final.Success);
        Assert.Equal(FailureClass.UsageLimit, run.Final.FailureClass);
        Assert.Equal($"Claude AI usage limit reached|{Now.AddHours(1).ToUnixTimeSeconds()}", run.Final.Text);
        Assert.Equal(0, run.Final.TokensIn);
    }

    [Fact]
    public async Task Auth_mode_fails_with_the_login_message_and_exits_1()
    {
        var run = await RunAsync(Context("reviewer", 1, Failing("reviewer", SimFailureMode.Auth)));

        Assert.Equal(1, run.ExitCode);
        Assert.False(run.Final.Success);
        Assert.Equal(FailureClass.Auth, run.Final.FailureClass);
        Assert.Equal("Invalid API key · Please run /login", run.Final.Text);
    }

    [Fact]
    public async Task Slow_mode_spaces_its_lines_and_then_succeeds()
    {
        var scenario = Failing("implementer", SimFailureMode.Slow) with { SlowMs = 30 };
        var watch = Stopwatch.StartNew();

        var run = await RunAsync(Context("implementer", 1, scenario));

        Assert.True(run.Final.Success);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(30 * run.Stdout.Count), $"{run.Stdout.Count} lines took only {watch.Elapsed}");
    }

    [Fact]
    public async Task Hang_mode_starts_a_session_and_waits_until_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var stdout = new CancelOnFirstLine(cts);
        var ctx = Context("implementer", 1, Failing("implementer", SimFailureMode.Hang));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new SimulatedAgent(TimeProvider.System).RunAsync(new StringReader(""), stdout, new StringWriter(), ctx, cts.Token).WaitAsync(TestLimit));

        var line = Assert.Single(Lines(stdout.ToString()));
        Assert.IsType<SessionStarted>(Assert.Single(new ClaudeStreamParser().Parse(line)));
    }

    [Fact]
    public async Task A_failure_applies_only_to_its_role_and_cycle()
    {
        var scenario = new SimScenario { Fail = [new SimFailure { Role = "implementer", Cycle = 2, Mode = SimFailureMode.Crash }] };

        var cycle1 = await RunAsync(Context("implementer", 1, scenario));
        var reviewer = await RunAsync(Context("reviewer", 2, scenario));
        var cycle2 = await RunAsync(Context("implementer", 2, scenario));

        Assert.Equal(0, cycle1.ExitCode);
        Assert.Equal(0, reviewer.ExitCode);
        Assert.Equal(3, cycle2.ExitCode);
    }

    [Fact]
    public async Task A_failure_with_times_in_a_scenario_file_fails_the_first_call_and_the_retry_succeeds()
    {
        using var outside = new TempDir();
        var scenario = outside.Combine("scenario.json");
        File.WriteAllText(scenario, """{"fail": [{"role": "implementer", "cycle": 2, "mode": "crash", "times": 1}]}""");
        var env = new System.Collections.Hashtable { ["IAS_ROLE"] = "implementer", ["IAS_CYCLE"] = "2", ["IAS_SIM_SCENARIO"] = scenario };

        // Each call reads the scenario afresh, as each agent process does.
        var first = await RunAsync(SimContext.FromEnvironment(env, _repo.Path));
        var retry = await RunAsync(SimContext.FromEnvironment(env, _repo.Path));

        Assert.Equal(3, first.ExitCode);
        Assert.Equal(0, retry.ExitCode);
        Assert.True(retry.Final.Success);
    }

    [Fact]
    public async Task A_target_that_would_escape_the_sim_folder_is_refused()
    {
        var ctx = Context("implementer", 1) with { Target = "../outside" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(ctx));

        Assert.Contains("IAS_TARGET", error.Message);
    }

    private SimContext Context(string role, int cycle, SimScenario? scenario = null) =>
        new(role, cycle, "sprint-1", _repo.Path, scenario ?? SimScenario.Default);

    private static SimScenario Failing(string role, SimFailureMode mode) =>
        new() { Fail = [new SimFailure { Role = role, Cycle = null, Mode = mode }] };

    private static async Task<SimRun> RunAsync(SimContext ctx, string prompt = "Do the sprint.", TimeProvider? clock = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await new SimulatedAgent(clock ?? TimeProvider.System)
            .RunAsync(new StringReader(prompt), stdout, stderr, ctx, CancellationToken.None)
            .WaitAsync(TestLimit);

        var parser = new ClaudeStreamParser();
        foreach (var line in Lines(stderr.ToString()))
        {
            parser.ObserveStderr(line);
        }

        var lines = Lines(stdout.ToString());
        var events = lines.SelectMany(parser.Parse).ToList();
        return new SimRun(exitCode, lines, stderr.ToString(), events, parser);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The JSON of the last fenced json block of the final result text.</summary>
    private static JsonElement Verdict(SimRun run)
    {
        var block = FencedJson().Matches(run.Final.Text).Last().Groups[1].Value;
        return JsonDocument.Parse(block).RootElement.Clone();
    }

    private static string Normalise(List<string> lines, string sessionId, string repo) =>
        string.Join('\n', lines).Replace(sessionId, "SESSION").Replace(repo, "REPO");

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex FencedJson();

    private sealed record SimRun(int ExitCode, List<string> Stdout, string Stderr, List<AgentEvent> Events, ClaudeStreamParser Parser)
    {
        public FinalResult Final => Assert.Single(Events.OfType<FinalResult>());
    }

    /// <summary>Stdout that cancels the agent once its first whole line is flushed: the hang is cancelled only after the session started.</summary>
    private sealed class CancelOnFirstLine(CancellationTokenSource cts) : StringWriter
    {
        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            if (ToString().Contains('\n', StringComparison.Ordinal))
            {
                cts.Cancel();
            }

            return Task.CompletedTask;
        }
    }
}
