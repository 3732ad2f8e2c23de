namespace Ias.Core.Agents.Adapters;

/// <summary>Gemini CLI headless: the prompt on stdin, <c>--output-format stream-json</c>, auto_edit approval for the implementer only.</summary>
public sealed class GeminiAdapter(TimeProvider clock) : IAgentAdapter
{
    // Headless Gemini refuses untrusted folders; the --skip-trust flag came and went between versions, the variable works in all.
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
    };

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Settings;

        // An empty -p selects headless mode; the CLI appends the prompt it reads from stdin.
        var args = new List<string> { "-p", "", "--output-format", "stream-json", "--approval-mode", Roles.Writes(request) ? "auto_edit" : "default" };
        if (s.Model is not null)
        {
            args.AddRange(["--model", s.Model]);
        }

        if (resumeSessionId is not null)
        {
            args.AddRange(["--resume", resumeSessionId]);
        }

        args.AddRange(s.Args);
        return new AgentLaunch(s.Command ?? "gemini", args);
    }

    public IStreamParser NewParser() => new GeminiStreamParser(clock);
}
