using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// Runs an agent CLI as a real child process and reads its stream. Every attempt's prompt, raw stdout,
/// stderr and exit code stay under its job directory, so a failure can be read after the fact.
/// </summary>
public sealed class CliAgentInvoker(ProcessRunner runner, AgentLaunch self, string repoRoot, AgentRecord record) : IAgentInvoker
{
    public string? Check(AgentSettings settings) => settings.Agent switch
    {
        AgentKind.Sim => null,
        AgentKind.Claude => OnPath(settings.Command ?? "claude") ? null
            : $"agent CLI {settings.Command ?? "claude"} not found on PATH: install Claude Code (npm i -g @anthropic-ai/claude-code) or set agents.default.agent: sim in .loa.config.yaml",
        _ => $"the {settings.Agent.ToString().ToLowerInvariant()} adapter is not part of this build yet: set agents.default.agent to claude or sim in .loa.config.yaml",
    };

    public async Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
    {
        Directory.CreateDirectory(request.JobDir);
        await File.WriteAllTextAsync(Path.Combine(request.JobDir, "prompt.md"), request.Prompt, ct);
        var launch = CommandLine(request);
        var env = new Dictionary<string, string>
        {
            ["IAS_ROLE"] = request.Role,
            ["IAS_CYCLE"] = request.Cycle.ToString(CultureInfo.InvariantCulture),
            ["IAS_TARGET"] = request.Target,
            ["IAS_PHASE"] = request.Phase.ToString().ToUpperInvariant(),
        };

        // ICE below the agent (issue 4): the git/gh shim first on PATH reaches every process the agent starts.
        var paths = new RunPaths(repoRoot);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        IceShim.Write(paths, self, path);
        env["PATH"] = IceShim.AgentPath(paths, path);
        env["IAS_ICE_LOG"] = IceLog.PathFor(paths);

        var parser = new ClaudeStreamParser();
        FinalResult? final = null;
        string? sessionId = null;
        var stderrTail = new Queue<string>();
        // Flushed per line: dashboards in other processes tail this file while the agent works.
        await using var stdout = new StreamWriter(Path.Combine(request.JobDir, "stdout.jsonl")) { AutoFlush = true };
        await using var stderr = new StreamWriter(Path.Combine(request.JobDir, "stderr.log"));

        var spec = new ProcessSpec(launch.FileName, launch.Args, repoRoot, env, request.Prompt,
            request.Settings.TurnTimeout, request.Settings.IdleTimeout, TimeSpan.FromSeconds(5))
        {
            Started = record.Started,
        };
        ProcessOutcome outcome;
        try
        {
            outcome = await RunAsync();
        }
        finally
        {
            record.Ended();
        }

        await File.WriteAllTextAsync(Path.Combine(request.JobDir, "exit_code"), outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none", CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        return Classify(request, outcome, final, parser, sessionId, stderrTail);

        Task<ProcessOutcome> RunAsync() => runner.RunAsync(
            spec,
            async line =>
            {
                await stdout.WriteLineAsync(line);
                foreach (var e in parser.Parse(line))
                {
                    switch (e)
                    {
                        case SessionStarted s:
                            sessionId = s.SessionId;
                            break;
                        case FinalResult r:
                            final = r;
                            break;
                    }

                    await onEvent(e);
                }
            },
            async line =>
            {
                await stderr.WriteLineAsync(line);
                parser.ObserveStderr(line);
                stderrTail.Enqueue(line);
                if (stderrTail.Count > 5)
                {
                    stderrTail.Dequeue();
                }
            },
            () => parser.SawResult,
            ct);
    }

    private static AgentResponse Classify(AgentRequest request, ProcessOutcome outcome, FinalResult? final, ClaudeStreamParser parser, string? sessionId, Queue<string> stderrTail)
    {
        var lastErr = string.Join(" | ", stderrTail).Trim();
        if (final is null)
        {
            var failure = outcome.TimedOut || outcome.IdledOut ? FailureClass.Timeout : FailureClass.Crash;
            var detail = outcome.TimedOut ? $"no result within {request.Settings.TurnTimeout}"
                : outcome.IdledOut ? $"no output for {request.Settings.IdleTimeout}"
                : $"exited {outcome.ExitCode} without a result event{(lastErr.Length > 0 ? $": {lastErr}" : "")}";
            if (failure == FailureClass.Crash && parser.StderrHint is { } hint)
            {
                failure = hint;
            }

            return new AgentResponse(false, failure, "", outcome.ExitCode, parser.ApiCalls, 0, 0, 0m, sessionId,
                outcome.TimedOut || outcome.IdledOut, parser.UsageLimitResetsAt, detail);
        }

        return new AgentResponse(final.Success, final.Success ? FailureClass.None : final.FailureClass, final.Text, outcome.ExitCode,
            final.ApiCalls, final.TokensIn, final.TokensOut, final.CostUsd ?? 0m, final.SessionId ?? sessionId,
            outcome.TimedOut, parser.UsageLimitResetsAt, final.Success ? "ok" : Truncate(final.Text));
    }

    private AgentLaunch CommandLine(AgentRequest request)
    {
        var s = request.Settings;
        var args = new List<string>();
        string file;
        if (s.Agent == AgentKind.Sim)
        {
            file = self.FileName;
            args.AddRange(self.Args);
            args.Add("sim-agent");
        }
        else
        {
            // Claude Code headless: stream-json needs --verbose; the implementer may edit, reviewers only read.
            file = s.Command ?? "claude";
            args.AddRange(["-p", "--output-format", "stream-json", "--verbose"]);
            if (request.Role == "implementer")
            {
                args.AddRange(["--permission-mode", "acceptEdits"]);
            }

            if (s.Model is not null)
            {
                args.AddRange(["--model", s.Model]);
            }
        }

        args.AddRange(s.Args);
        return new AgentLaunch(file, args);
    }

    private static bool OnPath(string command) =>
        command.Contains('/')
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, command)));

    private static string Truncate(string s) => s.Length <= 200 ? s.ReplaceLineEndings(" ") : s[..199].ReplaceLineEndings(" ") + "…";
}
