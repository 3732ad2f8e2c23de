using System.Globalization;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// Runs an agent CLI as a real child process and reads its stream. Every attempt's prompt, raw stdout,
/// stderr and exit code stay under its job directory, so a failure can be read after the fact.
/// </summary>
public sealed class CliAgentInvoker(ProcessRunner runner, AgentLaunch self, string repoRoot, AgentRecord record, TimeProvider? clock = null) : IAgentInvoker
{
    /// <summary>The raw stream's file in the job dir.</summary>
    private const string JobLog = "stdout.jsonl";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly CliVersions _versions = new();
    private readonly LoginProbe _login = new();
    private SandboxConfig? _boxConfig;

    /// <summary>Variables laid over the inherited environment of every agent this invoker starts (a HOME or an API endpoint of its own).</summary>
    public IReadOnlyDictionary<string, string> AgentEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The agent CLIs this invoker can start.</summary>
    public AgentAdapters Adapters { get; init; } = AgentAdapters.Builtin;

    /// <summary>False when the command said --no-sandbox: then no configuration turns the box on.</summary>
    public bool BoxAllowed { get; init; } = true;

    /// <summary>The box every agent runs in (see <see cref="UseSandbox"/>); null runs it unsandboxed, under ICE's shim and hook alone.</summary>
    public AgentBox? Box { get; private set; }

    public bool Sandboxed => Box is not null;

    public void UseSandbox(SandboxConfig sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);

        // A run sets the box up again from its own copy of the config at jack-in, moments after the command did: the same
        // settings keep the box laid out then, without asking git about the repository again.
        if (Box is not null && _boxConfig is { } last && last.Enabled == sandbox.Enabled && last.Allow.SequenceEqual(sandbox.Allow, StringComparer.Ordinal))
        {
            return;
        }

        Box = BoxAllowed && sandbox.Enabled ? new AgentBox(BoxLayout.For(new GitCli(repoRoot), sandbox.Allow)) : null;
        _boxConfig = sandbox;
    }

    public string? Check(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (Box is null ? null : BoxProbe.Problem()) ?? Adapters.For(settings.Agent).Check(settings, _versions);
    }

    public async Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
    {
        OwnerOnly.CreateFolder(request.JobDir);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "prompt.md"), request.Prompt, ct);
        var adapter = Adapters.For(request.Settings.Agent);
        var launch = adapter.CommandLine(request with { InBox = Box is not null }, request.ResumeSessionId, self);
        var scratch = Path.Combine(request.JobDir, "box");
        var (fileName, args) = Box is null ? (launch.FileName, launch.Args) : Box.Wrap(launch.FileName, launch.Args, Roles.Writes(request), scratch, request.WorkTree);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "command"), string.Join(' ', [fileName, .. args]) + "\n", ct);
        var env = new Dictionary<string, string>(AgentEnvironment)
        {
            ["IAS_ROLE"] = request.Role,
            ["IAS_CYCLE"] = request.Cycle.ToString(CultureInfo.InvariantCulture),
            ["IAS_TARGET"] = request.Target,
            ["IAS_PHASE"] = request.Phase,
        };
        foreach (var (name, value) in adapter.Environment.Concat(request.Environment))
        {
            env[name] = value;
        }

        // ICE below the agent: the git/gh shim first on PATH reaches every process the agent starts.
        var paths = new RunPaths(repoRoot);
        var path = AgentEnvironment.TryGetValue("PATH", out var own) ? own : Environment.GetEnvironmentVariable("PATH") ?? "";
        IceShim.Write(paths, [self.FileName, .. self.Args], path);
        env["PATH"] = IceShim.AgentPath(paths, path);
        // Inside the box .run/ is read-only: the shim and the hook log to the turn's scratch folder, copied to ice.log after the turn.
        var boxLog = Path.Combine(scratch, "ice.log");
        env["IAS_ICE_LOG"] = Box is null ? IceLog.PathFor(paths) : boxLog;

        // A CLI that says it is logged out would only fail its turn, or (codex) retry forever: halt before the first model call.
        var inherited = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        foreach (var (name, value) in AgentEnvironment)
        {
            inherited[name] = value;
        }
        if (_login.Problem(adapter, launch.FileName, inherited) is { } loggedOut)
        {
            await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "stderr.log"), loggedOut + "\n", ct);
            await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "exit_code"), "none", ct);
            return new AgentResponse(false, FailureClass.Auth, "", null, 0, 0, 0, 0m, null, false, null, loggedOut);
        }

        // The one door agent output comes in by: redacted here, it is clean in the job logs, the database, on screen, and
        // in every commit message and PR text built from it. Each stream has its own redactor: a private key printed
        // line by line is hidden from its BEGIN line to its END line.
        var redactor = SecretRedactor.ForChild(env);
        var stderrLines = redactor.ForStream();
        var parser = adapter.NewParser(_clock);
        var stderrTail = new Queue<string>();
        var logPath = Path.Combine(request.JobDir, JobLog);

        await using var stderr = OwnerOnly.CreateText(Path.Combine(request.JobDir, "stderr.log"));

        // Buffered and written after each read of the pipe: dashboards in other processes tail this file while the agent
        // works, and so does the parser, which follows behind on its own task (AgentStdout) and shares the parser with
        // the stderr handler below under one lock.
        var stdoutLog = new StreamLog(logPath);
        var parserGate = new Lock();
        await using var stdout = new AgentStdout(stdoutLog, logPath, redactor.ForStream(), redactor, parser, onEvent, parserGate);

        var tag = ProcessFamily.NewTag();
        var spec = new ProcessSpec(fileName, args, repoRoot, env, request.Prompt,
            request.Settings.TurnTimeout, request.Settings.IdleTimeout, TimeSpan.FromSeconds(5))
        {
            Tag = tag,
            Started = group => record.Started(group, tag),
        };
        ProcessOutcome outcome;
        try
        {
            outcome = await RunAsync();
        }
        finally
        {
            record.Ended();
            stdoutLog.Dispose();
            if (Box is not null)
            {
                IceLog.Gather(boxLog, IceLog.PathFor(paths));
            }
        }

        // The parser's last lines and their events, before anything says the turn is over (a halt stops it where it is).
        await stdout.CompleteAsync().WaitAsync(ct);

        // The job dir goes back if `.run/` was removed under the turn: the exit code is what a reader of the job looks for first.
        OwnerOnly.CreateFolder(request.JobDir);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "exit_code"), outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none", CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        var final = stdout.Final ?? parser.Finish(outcome.TimedOut || outcome.IdledOut ? null : outcome.ExitCode);

        // The final text is read back as one piece (a plain-text agent's lines joined, a JSON string decoded): redacted
        // again whole, so a key split over lines or spelled with JSON escapes never reaches a commit message or a PR.
        final = final is null ? null : final with { Text = redactor.Redact(final.Text) };
        return Classify(request, outcome, final, parser, stdout.SessionId, stderrTail);

        Task<ProcessOutcome> RunAsync() => runner.RunAsync(
            spec,
            stdout,
            new TextLines(
                async raw =>
                {
                    var line = stderrLines.Redact(raw);
                    await stderr.WriteLineAsync(line);
                    lock (parserGate)
                    {
                        parser.ObserveStderr(line);
                    }

                    stderrTail.Enqueue(line);
                    if (stderrTail.Count > 5)
                    {
                        stderrTail.Dequeue();
                    }
                },
                parser.IsProgress),
            () => parser.SawResult,
            ct);
    }

    private static AgentResponse Classify(AgentRequest request, ProcessOutcome outcome, FinalResult? final, IStreamParser parser, string? sessionId, Queue<string> stderrTail)
    {
        var lastErr = string.Join(" | ", stderrTail).Trim();
        if (final is null)
        {
            var failure = outcome.TimedOut || outcome.IdledOut ? FailureClass.Timeout : FailureClass.Crash;
            var detail = outcome.TimedOut ? $"no result within {request.Settings.TurnTimeout}"
                : outcome.IdledOut ? $"no output for {request.Settings.IdleTimeout}"
                : $"exited {outcome.ExitCode} without a result event{(lastErr.Length > 0 ? $": {lastErr}" : "")}";
            // An idle kill of a CLI that was only retrying (a dead network, a 429 or 503) is that failure's, not a hang.
            if ((failure == FailureClass.Crash || (outcome.IdledOut && parser.StderrHint is FailureClass.Network or FailureClass.Transient)) && parser.StderrHint is { } hint)
            {
                failure = hint;
            }

            return new AgentResponse(false, failure, "", outcome.ExitCode, parser.ApiCalls, 0, 0, 0m, sessionId,
                outcome.TimedOut || outcome.IdledOut, parser.UsageLimitResetsAt, detail);
        }

        return new AgentResponse(final.Success, final.Success ? FailureClass.None : final.FailureClass, final.Text, outcome.ExitCode,
            final.ApiCalls, final.TokensIn, final.TokensOut, final.CostUsd ?? 0m, final.SessionId ?? sessionId,
            outcome.TimedOut, parser.UsageLimitResetsAt, final.Success ? "ok" : Truncate(FailureDetail(final.Text, outcome.ExitCode, lastErr)));
    }

    // A plain-text agent's failure has no message of its own; its exit code and stderr are what the user needs.
    private static string FailureDetail(string text, int? exitCode, string lastErr) =>
        text.Trim().Length > 0 ? text : $"exited {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "without a code"}{(lastErr.Length > 0 ? $": {lastErr}" : "")}";

    private static string Truncate(string s) => s.Length <= 200 ? s.ReplaceLineEndings(" ") : s[..199].ReplaceLineEndings(" ") + "…";
}
