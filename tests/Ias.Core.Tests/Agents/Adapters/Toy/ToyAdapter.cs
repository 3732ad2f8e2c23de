using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Agents.Adapters.Toy;

/// <summary>
/// A sixth agent CLI that exists only in the tests: <c>toy run --role R</c>, JSONL with a "toy" field on every line,
/// a version of 2.0 or newer, and a login that <c>toy whoami</c> reports. It is this folder and one registry line.
/// </summary>
public sealed class ToyAdapter : IAgentAdapter
{
    public static InstalledCli Cli { get; } = new("toy", "Toy CLI", "npm i -g toy-cli", new Version(2, 0, 0));

    public AgentKind Kind { get; } = new("toy");

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["TOY_QUIET"] = "1" };

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(request);
        string[] resume = resumeSessionId is null ? [] : ["--session", resumeSessionId];
        return new AgentLaunch(request.Settings.Command ?? Cli.Executable, ["run", "--role", request.Role.Wire, .. resume, .. request.Settings.Args]);
    }

    public AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self) => null;

    public IStreamParser NewParser(TimeProvider clock) => new ToyStreamParser(clock);

    public string? Check(AgentSettings settings, CliVersions versions) => Cli.Check(settings, versions);

    public string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return Cli.IsItself(command) ? probe.StatusSays(command, ["whoami"], "run `toy login`") : null;
    }
}
