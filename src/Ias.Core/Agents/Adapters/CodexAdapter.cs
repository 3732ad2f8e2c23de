namespace Ias.Core.Agents.Adapters;

/// <summary>Codex CLI: <c>codex exec --json</c>, a workspace-write sandbox for the implementer and read-only for the rest.</summary>
public sealed class CodexAdapter(TimeProvider clock) : IAgentAdapter
{
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Settings;

        // Exec options go before the resume subcommand, where every Codex version with `exec resume` accepts them.
        var args = new List<string> { "exec", "--json" };
        if (Roles.Writes(request))
        {
            args.AddRange(["--sandbox", "workspace-write", "-c", "approval_policy=\"never\""]);
        }
        else
        {
            args.AddRange(["--sandbox", "read-only"]);
        }

        if (s.Model is not null)
        {
            args.AddRange(["--model", s.Model]);
        }

        args.AddRange(s.Args);
        if (resumeSessionId is not null)
        {
            args.AddRange(["resume", resumeSessionId]);
        }

        return new AgentLaunch(s.Command ?? "codex", args);
    }

    public IStreamParser NewParser() => new CodexStreamParser(clock);
}
