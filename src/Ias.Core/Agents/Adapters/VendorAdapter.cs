using Ias.Core.Config;
using Ias.Core.Sandbox;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// A vendor's agent CLI (Claude, Codex, Gemini): its own flags for the role, then the model, the session and the user's
/// extra args, started as the configured command or the CLI itself, and checked against its oldest usable version.
/// </summary>
/// <param name="cli">The CLI as installed, its program and oldest usable version.</param>
/// <param name="resume">The word before a session id that resumes it, both headless and at the terminal.</param>
/// <param name="resumesLast">Whether the resume words are a subcommand, so they come after the user's args rather than before.</param>
public abstract class VendorAdapter(InstalledCli cli, string resume, bool resumesLast = false) : IAgentAdapter
{
    public abstract AgentKind Kind { get; }

    public virtual IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public abstract AgentNeeds Needs { get; }

    public InstalledCli? Installed => cli;

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Settings;
        string[] model = s.Model is null ? [] : ["--model", s.Model];
        string[] session = resumeSessionId is null ? [] : [resume, resumeSessionId];
        List<string> args = resumesLast ? [.. Flags(request), .. model, .. s.Args, .. session] : [.. Flags(request), .. model, .. session, .. s.Args];
        return new AgentLaunch(s.Command ?? cli.Executable, args);
    }

    public AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AgentLaunch(settings.Command ?? cli.Executable, [resume, sessionId]);
    }

    public abstract IStreamParser NewParser(TimeProvider clock);

    public string? Check(AgentSettings settings, CliVersions versions) => cli.Check(settings, versions);

    public abstract string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe);

    /// <summary>The CLI's own flags for the request's role, before the model and the session.</summary>
    protected abstract IEnumerable<string> Flags(AgentRequest request);
}
