using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Agents;

/// <summary>The failure rows of claude: a class of its own, as each CLI's, so the three CLIs' rows run side by side.</summary>
public sealed class ClaudeFailureTests : RealCliFailureTests
{
    public static TheoryData<string, FailureClass> Cases => CasesOf("claude");

    [RealCliTheory]
    [MemberData(nameof(Cases))]
    public Task A_scripted_failure_of_the_model_api_ends_the_real_cli_turn_in_its_class(string failure, FailureClass expected) =>
        FailAsync("claude", failure, expected);
}

/// <summary>The failure rows of codex.</summary>
public sealed class CodexFailureTests : RealCliFailureTests
{
    public static TheoryData<string, FailureClass> Cases => CasesOf("codex");

    [RealCliTheory]
    [MemberData(nameof(Cases))]
    public Task A_scripted_failure_of_the_model_api_ends_the_real_cli_turn_in_its_class(string failure, FailureClass expected) =>
        FailAsync("codex", failure, expected);
}

/// <summary>The failure rows of gemini.</summary>
public sealed class GeminiFailureTests : RealCliFailureTests
{
    public static TheoryData<string, FailureClass> Cases => CasesOf("gemini");

    [RealCliTheory]
    [MemberData(nameof(Cases))]
    public Task A_scripted_failure_of_the_model_api_ends_the_real_cli_turn_in_its_class(string failure, FailureClass expected) =>
        FailAsync("gemini", failure, expected);
}

/// <summary>
/// Each scripted failure of the fake model API, served to the real CLI, ends its turn in the failure class ias acts on.
/// With IAS_RECORD_CASSETTES=1 the CLI's stdout and stderr are kept as tests/Ias.Core.Tests/Agents/Cassettes/CLI/recorded-*.
/// </summary>
public abstract class RealCliFailureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static TheoryData<string, FailureClass> CasesOf(string cli)
    {
        var cases = new TheoryData<string, FailureClass>();
        foreach (var (_, failure, expected) in Rows.Where(r => r.Cli == cli))
        {
            cases.Add(failure, expected);
        }

        return cases;
    }

    private static readonly (string Cli, string Failure, FailureClass Expected)[] Rows =
    [
        ("claude", "Unauthorized", FailureClass.Auth),
        ("codex", "Unauthorized", FailureClass.Auth),
        ("gemini", "Unauthorized", FailureClass.Auth),
        ("claude", "UsageLimit", FailureClass.UsageLimit),
        ("codex", "UsageLimit", FailureClass.UsageLimit),
        ("gemini", "UsageLimit", FailureClass.UsageLimit),
        ("claude", "RateLimited", FailureClass.Transient),
        ("codex", "RateLimited", FailureClass.Transient),
        ("gemini", "RateLimited", FailureClass.Transient),
        ("claude", "Overloaded", FailureClass.Transient),
        ("codex", "Overloaded", FailureClass.Transient),
        ("gemini", "Overloaded", FailureClass.Transient),
        ("claude", "Stall", FailureClass.Timeout),
        ("codex", "Stall", FailureClass.Timeout),
        ("gemini", "Stall", FailureClass.Timeout),
        ("claude", "Refused", FailureClass.Network),
        ("codex", "Refused", FailureClass.Network),
        ("gemini", "Refused", FailureClass.Network),
        ("codex", "UsageLimitDaysAhead", FailureClass.UsageLimit),
        ("codex", "UsageLimitThisMinute", FailureClass.UsageLimit),
        ("codex", "UsageLimitGoneBy", FailureClass.UsageLimit),
        ("gemini", "BillingDisabled", FailureClass.Billing),
        ("gemini", "AccessDenied", FailureClass.Billing),
        ("claude", "AccessDenied", FailureClass.Auth), // claude words any 403 "Failed to authenticate": halted at once all the same
        ("codex", "AccessDenied", FailureClass.Billing),
        ("gemini", "NoAuth", FailureClass.Auth),
        ("gemini", "NoApiKey", FailureClass.Auth),
    ];

    /// <summary>
    /// The stalled and retrying cases end by the idle limit, which must still outlast a node CLI's silent start on a busy
    /// machine (gemini took 8-12 s under a load of 20, over 20 s under 46); every other case ends by itself, so a long
    /// limit costs it nothing and only a hang would reach it.
    /// </summary>
    private static TimeSpan IdleLimit(string failure) =>
        failure is "Stall" or "RateLimited" or "Overloaded" or "Refused" ? TimeSpan.FromSeconds(40) : TimeSpan.FromSeconds(120);

    /// <summary>
    /// A CLI whose own backoff keeps it talking (gemini retrying a 429 or 503) ends only by the turn's limit, and is then
    /// classed by what it was retrying; the test holds that clock until the CLI has asked again (<see cref="HeldUntil"/>).
    /// </summary>
    private static TimeSpan TurnLimit(string failure) =>
        failure is "RateLimited" or "Overloaded" ? TimeSpan.FromSeconds(90) : TimeSpan.FromSeconds(150);

    /// <summary>
    /// How many failures the API serves before the turn's held clock is moved past its limits, where only a limit ends the
    /// turn: a stalled stream once its headers went out; gemini retrying a 429 or 503 once it asked again, so what it was
    /// retrying is already on its stderr. Null: the real clock, for cases that end by themselves (or without the API).
    /// </summary>
    private static int? HeldUntil(string cli, string failure) => (cli, failure) switch
    {
        (_, "Stall") => 1,
        ("gemini", "RateLimited" or "Overloaded") => 2,
        _ => null,
    };

    protected async Task FailAsync(string cli, string failure, FailureClass expected)
    {
        var repo = _dir.Combine("repo");
        Directory.CreateDirectory(repo);
        await Commands.DemoTests.Git(repo, "init", "-q");
        FakeModelApi? api = null;
        string? url;
        if (failure == "Refused")
        {
            url = $"http://127.0.0.1:{ClosedPort()}";
        }
        else if (failure is "NoAuth" or "NoApiKey")
        {
            // No model API at all: gemini refuses to start before it would call one.
            url = null;
        }
        else
        {
            api = await FakeModelApi.StartAsync(Enum.Parse<FakeModelMode>(failure), Path.Combine(repo, "greeting.txt"));
            url = api.BaseUrl;
        }

        try
        {
            var env = AgentClis.Environment(cli, _dir.Combine("home"), url);
            if (failure is "NoAuth" or "NoApiKey")
            {
                WithoutUsableLogin(env, selected: failure == "NoApiKey" ? "gemini-api-key" : null);
            }

            // Where only a limit ends the turn, the limit's clock is held until the API has served what the CLI must fail on.
            var held = HeldUntil(cli, failure) is { } served && api is not null ? (Clock: new HeldTimerClock(DateTimeOffset.UtcNow), Served: served) : default;
            var invoker = new CliAgentInvoker(new ProcessRunner((TimeProvider?)held.Clock ?? TimeProvider.System), new AgentLaunch("ias", []), repo, new AgentRecord(_dir.Combine("agent.pid")))
            {
                AgentEnvironment = env,
            };
            var kind = AgentAdapters.Builtin.Find(cli)!.Kind;
            var settings = AgentSettings.Defaults with
            {
                Agent = kind,
                Command = Path.Combine(AgentClis.BinDir!, cli),
                TurnTimeout = TurnLimit(failure),
                IdleTimeout = IdleLimit(failure),
            };
            var job = _dir.Combine("job");
            var request = new AgentRequest(Role.Implementer, "IMPLEMENT", 1, "sprint-1",
                "You are the implementer in an autonomous Run Mode sprint (sprint-1, cycle 1). Write greeting.txt.\n", settings, job);

            var turn = invoker.InvokeAsync(request, _ => ValueTask.CompletedTask, CancellationToken.None);
            if (held.Clock is { } clock)
            {
                await Task.WhenAny(api!.FailuresServed(held.Served), turn).WaitAsync(TimeSpan.FromSeconds(240));
                clock.AdvanceThenRun(TurnLimit(failure) + TimeSpan.FromSeconds(1));
            }

            var response = await turn.WaitAsync(TimeSpan.FromSeconds(240));

            // A reset the API named is printed relative to the day and zone it was served in: the replay needs both.
            AgentClis.RecordCassette(cli, "recorded-" + Kebab(failure), job, api?.ResetsAt is null ? null : api.FailedAt);
            var evidence = $"{response.Failure} ({response.Detail}) exit {response.ExitCode} resets {response.UsageResetsAt:O}\nstdout:\n{Tail(Path.Combine(job, "stdout.jsonl"))}\nstderr:\n{Tail(Path.Combine(job, "stderr.log"))}\nrequests:\n{api?.Dump()}";
            Assert.False(response.Success, evidence);
            Assert.True(expected == response.Failure, $"expected {expected}, got {evidence}");
            if (expected == FailureClass.UsageLimit)
            {
                Assert.NotNull(response.UsageResetsAt);
            }

            switch (failure)
            {
                case "UsageLimitDaysAhead":
                    // Printed to the minute, and the minute is what the API named.
                    Assert.True(api!.ResetsAt == response.UsageResetsAt, $"expected the reset the API named, {api.ResetsAt:O}; got {evidence}");
                    break;
                case "UsageLimitThisMinute" or "UsageLimitGoneBy":
                    // The reset's minute is the current one (or just over): no wait to speak of, never tomorrow's, and the
                    // wait the rate limiter takes from it ends within the minute and its jitter, not at the next hour.
                    Assert.True(response.UsageResetsAt >= api!.FailedAt!.Value.AddMinutes(-1) && response.UsageResetsAt <= api.FailedAt + TimeSpan.FromMinutes(1), $"expected about {api.FailedAt:O}; got {evidence}");
                    var wait = new RateLimiter(RateLimiter.Fresh(DateTimeOffset.UtcNow, 100), TimeProvider.System).UsageLimited(response.UsageResetsAt);
                    Assert.True(wait.WaitUntil <= api.FailedAt + TimeSpan.FromMinutes(1) + RateLimiter.ResetJitter, $"waits until {wait.WaitUntil:O}; {evidence}");
                    break;
                case "NoAuth" or "NoApiKey":
                    Assert.True(response.ExitCode == 41 && response.Detail.Contains("security.auth.selectedType", StringComparison.Ordinal), evidence);
                    Assert.DoesNotContain('\n', response.Detail);
                    break;
                default:
                    break;
            }
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }
    }

    // Gemini settings that select no auth method (with a Cloud project in the environment, which ias's login check takes
    // for a login gemini may keep elsewhere) or select the API key with none set: ias lets the turn start, and gemini
    // itself refuses, with exit 41.
    private static void WithoutUsableLogin(Dictionary<string, string> env, string? selected)
    {
        var settings = Path.Combine(env["HOME"], ".gemini");
        Directory.CreateDirectory(settings);
        var json = new JsonObject
        {
            ["general"] = new JsonObject { ["disableAutoUpdate"] = true },
            ["privacy"] = new JsonObject { ["usageStatisticsEnabled"] = false },
        };
        if (selected is null)
        {
            env["GOOGLE_CLOUD_PROJECT"] = "ias-test";
        }
        else
        {
            json["security"] = new JsonObject { ["auth"] = new JsonObject { ["selectedType"] = selected } };
        }

        File.WriteAllText(Path.Combine(settings, "settings.json"), json.ToJsonString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(8).Select(l => l.Length > 400 ? l[..400] : l)) : "(none)";
}
