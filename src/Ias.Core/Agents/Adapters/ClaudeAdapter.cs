namespace Ias.Core.Agents.Adapters;

/// <summary>Claude Code headless: <c>claude -p --output-format stream-json --verbose</c>, edit tools for the implementer only.</summary>
public sealed class ClaudeAdapter(TimeProvider clock) : IAgentAdapter
{
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Settings;

        // stream-json needs --verbose; tools outside the allowed list are denied in print mode, so reviewers cannot edit.
        var args = new List<string> { "-p", "--output-format", "stream-json", "--verbose" };
        if (Roles.Writes(request))
        {
            args.AddRange(["--permission-mode", "acceptEdits", "--allowedTools", "Read,Edit,Write,Glob,Grep,Bash"]);
        }
        else
        {
            args.AddRange(["--allowedTools", "Read,Glob,Grep"]);
        }

        if (s.Model is not null)
        {
            args.AddRange(["--model", s.Model]);
        }

        if (resumeSessionId is not null)
        {
            args.AddRange(["--resume", resumeSessionId]);
        }

        args.AddRange(s.Args);
        return new AgentLaunch(s.Command ?? "claude", args);
    }

    public IStreamParser NewParser() => new ClaudeStreamParser(clock);
}
