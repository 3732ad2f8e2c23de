namespace Ias.Core.Agents.Adapters;

/// <summary>The built-in simulated agent: this program's own <c>sim-agent</c> command, which speaks Claude's stream format.</summary>
public sealed class SimAdapter(AgentLaunch self, TimeProvider clock) : IAgentAdapter
{
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        string[] resume = resumeSessionId is null ? [] : ["--resume", resumeSessionId];
        return new AgentLaunch(self.FileName, [.. self.Args, "sim-agent", .. resume, .. request.Settings.Args]);
    }

    public IStreamParser NewParser() => new ClaudeStreamParser(clock);
}
