using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Tests.Agents.Adapters.Toy;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>
/// A sixth agent CLI is its adapter folder (Toy/, here in the tests) and one line in the registry: config parsing,
/// pre-flight, the login probe, the command line and stream parsing all pick it up with nothing else changed.
/// </summary>
public sealed class AddingAnAgentCliTests : IDisposable
{
    private const string File = ".loa.config.yaml";
    private const string ToyConfig = "agents:\n  default:\n    agent: toy\n";

    // The one registry line: AgentAdapters.Builtin lists the shipped adapters the same way.
    private static readonly AgentAdapters Registry = AgentAdapters.Builtin.With(new ToyAdapter());

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Config_accepts_the_name_of_a_registered_cli_and_no_other()
    {
        var agents = ConfigLoader.Parse(ToyConfig, File, Registry.Kinds).Config.Agents;

        Assert.All([agents.Implementer, agents.Reviewer, agents.Auditor], a => Assert.Equal("toy", a.Agent.Name));
        var unknown = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(ToyConfig, File, AgentAdapters.Builtin.Kinds));
        Assert.Equal("config .loa.config.yaml:3:12: agents.default.agent must be one of claude, codex, gemini, custom, sim (got \"toy\")", unknown.Message);
        Assert.Equal("claude, codex, gemini, custom, sim or toy", Registry.Names);
    }

    [Fact]
    public void Pre_flight_holds_it_to_the_minimum_version_its_adapter_names()
    {
        var old = Toy(version: "toy 1.9.0");

        Assert.Equal($"{old} 1.9.0 is too old (supported: 2.0.0 or newer): update it with npm i -g toy-cli", Invoker().Check(Settings(old)));
        Assert.Null(Invoker().Check(Settings(Toy(version: "toy 2.3.1"))));
        Assert.StartsWith("agent CLI toy-nowhere/toy not found on PATH: install Toy CLI (npm i -g toy-cli)", Invoker().Check(Settings("toy-nowhere/toy")));
    }

    [Fact]
    public async Task A_turn_runs_its_command_line_with_its_environment_and_is_read_by_its_parser()
    {
        var toy = Toy();
        var events = new List<AgentEvent>();

        var (response, job) = await InvokeAsync(toy, events);

        Assert.True(response.Success, response.Detail);
        Assert.Equal("done", response.FinalText);
        Assert.Equal("toy-42", response.SessionId);
        Assert.Equal(1, response.ApiCalls);
        Assert.Contains(new AssistantText(null, "toy played the reviewer, quiet 1"), events);
        Assert.Equal($"{toy} run --role reviewer\n", System.IO.File.ReadAllText(Path.Combine(job, "command")));
    }

    [Fact]
    public async Task Its_login_probe_halts_the_turn_before_the_cli_is_run()
    {
        var toy = Toy(whoami: "echo 'Not logged in'; exit 1");

        var (response, _) = await InvokeAsync(toy, []);

        Assert.False(response.Success);
        Assert.Equal(FailureClass.Auth, response.Failure);
        Assert.Equal("`toy whoami` says Not logged in; run `toy login`", response.Detail);
        Assert.False(System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(toy)!, "ran")));
    }

    private async Task<(AgentResponse Response, string Job)> InvokeAsync(string toy, List<AgentEvent> events)
    {
        var repo = _dir.Combine("repo");
        Directory.CreateDirectory(repo);
        var job = _dir.Combine("job-" + Guid.NewGuid().ToString("N")[..8]);
        var request = new AgentRequest(Role.Reviewer, "REVIEW", 1, "sprint-1", "look\n", Settings(toy) with { TurnTimeout = TimeSpan.FromSeconds(30) }, job);
        var response = await Invoker(repo).InvokeAsync(request, e => { events.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (response, job);
    }

    private CliAgentInvoker Invoker(string? repo = null) =>
        new(new ProcessRunner(TimeProvider.System), new AgentLaunch("ias", []), repo ?? _dir.Path, new AgentRecord(_dir.Combine("agent.pid")))
        {
            Adapters = Registry,
        };

    private static AgentSettings Settings(string command) => AgentSettings.Defaults with { Agent = Registry.Find("toy")!.Kind, Command = command };

    /// <summary>A scripted toy CLI in a folder of its own, so each test's version and login verdicts are its own.</summary>
    private string Toy(string version = "toy 2.0.0", string whoami = "echo alice")
    {
        var folder = _dir.Combine("bin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "toy");
        System.IO.File.WriteAllText(path, $$"""
            #!/bin/sh
            case "$1" in
              --version) echo '{{version}}' ;;
              whoami) {{whoami}} ;;
              run)
                touch "$(dirname "$0")/ran"
                cat > /dev/null
                echo '{"toy":"session","id":"toy-42"}'
                echo "{\"toy\":\"say\",\"text\":\"toy played the $3, quiet $TOY_QUIET\"}"
                echo '{"toy":"done","ok":true,"text":"done"}'
                ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
