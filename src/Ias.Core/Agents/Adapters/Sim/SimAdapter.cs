using Ias.Core.Config;
using Ias.Core.Sandbox;

namespace Ias.Core.Agents.Adapters.Sim;

/// <summary>
/// The built-in simulated agent: this program's own <c>sim-agent</c> command, which speaks Claude's stream format,
/// so it is read by Claude's parser and needs no install, version or login.
/// </summary>
public sealed class SimAdapter : IAgentAdapter
{
    public AgentKind Kind { get; } = new("sim");

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    // Its scenario (what it plays) and the session it resumes are its only settings.
    public AgentNeeds Needs { get; } = new([], ["IAS_SIM_SCENARIO", "IAS_SIM_RESUME"]) { Offline = true };

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(self);
        string[] resume = resumeSessionId is null ? [] : ["--resume", resumeSessionId];
        return new AgentLaunch(self.FileName, [.. self.Args, "sim-agent", .. resume, .. request.Settings.Args]);
    }

    public AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(self);
        return new AgentLaunch(self.FileName, [.. self.Args, "sim-agent", "--interactive", "--resume", sessionId]);
    }

    public IStreamParser NewParser(TimeProvider clock) => new Claude.ClaudeStreamParser(clock);

    public string? Check(AgentSettings settings, CliVersions versions) => null;

    public string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe) => null;
}
