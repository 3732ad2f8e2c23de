using System.Globalization;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// Runs an agent CLI as a real child process and reads its stream. Every attempt's prompt, raw stdout,
/// stderr and exit code stay under its job directory, so a failure can be read after the fact.
/// </summary>
public sealed class CliAgentInvoker(ProcessRunner runner, AgentLaunch self, string repoRoot, AgentRecord record, TimeProvider? clock = null) : IAgentInvoker
{
    /// <summary>What the agent wrote to stderr, redacted, in the job dir.</summary>
    public const string StderrFile = "stderr.log";

    /// <summary>How the agent exited ("0", "1", "none" when it was stopped or never ran), in the job dir; written last.</summary>
    public const string ExitCodeFile = "exit_code";

    /// <summary>The raw stream's file in the job dir.</summary>
    private const string JobLog = "stdout.jsonl";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly CliVersions _versions = new();
    private readonly LoginProbe _login = new();
    private SandboxConfig? _boxConfig;

    // The base URLs an agent's config files name, read before its first turn: the agent can rewrite those files.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _fileUrls = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _keyVariables = new(StringComparer.Ordinal);

    private static string? UserHome => Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : null;

    /// <summary>Variables every agent this invoker starts gets as given (a HOME or an API endpoint of its own), besides what the allowlist lets in of the inherited environment.</summary>
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
        if (Box is not null && _boxConfig is { } last && last with { Allow = sandbox.Allow, NetworkAllow = sandbox.NetworkAllow } == sandbox
            && last.Allow.SequenceEqual(sandbox.Allow, StringComparer.Ordinal) && last.NetworkAllow.SequenceEqual(sandbox.NetworkAllow, StringComparer.Ordinal))
        {
            return;
        }

        Box = BoxAllowed && sandbox.Enabled ? new AgentBox(BoxLayout.For(new GitCli(repoRoot), sandbox)) : null;
        _boxConfig = sandbox;
    }

    public string? Check(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var adapter = Adapters.For(settings.Agent);
        return (Box is null ? null : BoxProbe.Problem()) ?? adapter.Check(settings, _versions) ?? (Box is null ? null : ProgramProblem(adapter, settings))
            ?? (Box is null ? null : HelperFiles.Problem(adapter.Kind.Name, adapter.Needs, Box.Layout, BoxEnvironment.Filter(Inherited(), adapter.Needs, _boxConfig?.Allow ?? [])));
    }

    // The box shows the agent its program read-only wherever it lives; one it cannot find (a `#!` interpreter missing) is
    // refused here, not met as a crash on the first turn.
    private string? ProgramProblem(IAgentAdapter adapter, AgentSettings settings)
    {
        var request = new AgentRequest(Role.Implementer, "", 1, "", "", settings, "") { InBox = true };
        var launch = adapter.CommandLine(request, null, self);
        return BoxPrograms.Find(launch.FileName, launch.Args, AgentPathFor(Environment.GetEnvironmentVariable("PATH") ?? "")).Problem;
    }

    private string AgentPathFor(string inherited) => AgentEnvironment.TryGetValue("PATH", out var own) ? own : inherited;

    public async Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
    {
        OwnerOnly.CreateFolder(request.JobDir);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "prompt.md"), request.Prompt, ct);
        var adapter = Adapters.For(request.Settings.Agent);
        var launch = adapter.CommandLine(request with { InBox = Box is not null }, request.ResumeSessionId, self);
        var scratch = Path.Combine(request.JobDir, "box");
        var env = AgentEnvironmentFor(adapter, request);
        var paths = new RunPaths(repoRoot);
        var path = AgentPathFor(Environment.GetEnvironmentVariable("PATH") ?? "");
        var turn = Box is null ? null : BoxTurnFor(adapter, launch, env, path) with { HomeName = request.Home ?? BoxHomes.ForRole(request.Role.Wire) };
        await using var network = Box is null ? TurnNetwork.Host : NetworkFor(adapter, env, paths, request);
        network.ApplyTo(env);
        var (agentFile, agentArgs) = network.Around(launch.FileName, launch.Args, self.FileName, self.Args, scratch);
        using var boxed = Box?.Wrap(agentFile, agentArgs, Roles.Writes(request), scratch, request.WorkTree, turn, network.Net);
        var (fileName, args) = boxed is null ? (launch.FileName, launch.Args) : (boxed.FileName, boxed.Args);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, "command"), string.Join(' ', [fileName, .. args]) + "\n", ct);

        // ICE below the agent: the git/gh shim first on PATH reaches every process the agent starts.
        IceShim.Write(paths, [self.FileName, .. self.Args], path);
        env["PATH"] = IceShim.AgentPath(paths, path);
        // Inside the box .run/ is read-only: the shim and the hook log to the turn's scratch folder, copied to ice.log after the turn.
        var boxLog = Path.Combine(scratch, "ice.log");
        env["IAS_ICE_LOG"] = Box is null ? IceLog.PathFor(paths) : boxLog;

        // A CLI that says it is logged out would only fail its turn, or (codex) retry forever: halt before the first model call.
        // The status command reads the CLI's own folders, which the agent can write (a key helper command in its settings, say):
        // in the box it runs there too, read-only, with the agent's environment and nothing more.
        if (LoginProblem(adapter, launch.FileName, env, InTurnBox(network, scratch, request.WorkTree, turn)) is { } loggedOut)
        {
            await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, StderrFile), loggedOut + "\n", ct);
            await OwnerOnly.WriteAllTextAsync(Path.Combine(request.JobDir, ExitCodeFile), "none", ct);
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

        await using var stderr = OwnerOnly.CreateText(Path.Combine(request.JobDir, StderrFile));

        // Buffered and written after each read of the pipe: dashboards in other processes tail this file while the agent
        // works, and so does the parser, which follows behind on its own task (AgentStdout) and shares the parser with
        // the stderr handler below under one lock.
        var stdoutLog = new StreamLog(logPath);
        var parserGate = new Lock();
        await using var stdout = new AgentStdout(stdoutLog, logPath, redactor.ForStream(), redactor, parser, onEvent, parserGate);

        var tag = ProcessFamily.NewTag();
        var spec = new ProcessSpec(fileName, args, Box is null ? request.WorkTree ?? repoRoot : repoRoot, env, request.Prompt,
            request.Settings.TurnTimeout, request.Settings.IdleTimeout, TimeSpan.FromSeconds(5))
        {
            Tag = tag,
            Started = group => record.Started(group, tag),
            InheritEnvironment = false,
            OutputLimit = (_boxConfig?.MaxOutputMb ?? SandboxConfig.Defaults.MaxOutputMb) * 1024L * 1024,
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
                IceLog.Gather(boxLog, IceLog.PathFor(paths), _clock);
            }
        }

        // The parser's last lines and their events, before anything says the turn is over (a halt stops it where it is).
        await stdout.CompleteAsync().WaitAsync(ct);
        var limit = outcome.OutputLimited
            ? $"the agent printed more than {_boxConfig?.MaxOutputMb ?? SandboxConfig.Defaults.MaxOutputMb} MiB in one turn (ias.sandbox.max_output_mb), so the turn was stopped: raise the limit in .loa.config.yaml if that is expected"
            : boxed?.Cap.Hit() == true ? boxed.Cap.Message("the agent") : null;
        if (limit is not null)
        {
            await stderr.WriteLineAsync(limit);
            stderrTail.Enqueue(limit);
        }

        await WriteExitAsync(request.JobDir, stderr, outcome.ExitCode);
        ct.ThrowIfCancellationRequested();
        var final = stdout.Final ?? parser.Finish(outcome.RanOutOfTime ? null : outcome.ExitCode);

        // The final text is read back as one piece (a plain-text agent's lines joined, a JSON string decoded): redacted
        // again whole, so a key split over lines or spelled with JSON escapes never reaches a commit message or a PR; and
        // made inert first, so no escape it holds reaches a terminal, and none can split a secret the redactor would see.
        final = final is null ? null : final with { Text = redactor.Redact(InertText.Lines(final.Text)) };
        return outcome.OutputLimited
            ? new AgentResponse(false, FailureClass.Incomplete, "", null, parser.ApiCalls, 0, 0, 0m, stdout.SessionId, false, null, limit!)
            : Classify(request, outcome, final, parser, stdout.SessionId, stderrTail);

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

    /// <summary>
    /// What <paramref name="role"/>'s CLI says when it is logged out, asked before the run's first turn as that turn asks it:
    /// with the agent's environment, in the box with the role's home, read-only. The box is offline and its homes a throwaway
    /// folder seeded as the role's first turn seeds its own, so pre-flight writes nothing of the checkout; the tokens the
    /// CLI logs in with are the user's own files in either. Null when it is logged in or cannot tell.
    /// </summary>
    public string? LoginProblem(AgentSettings settings, Role role)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(role);
        var adapter = Adapters.For(settings.Agent);
        var request = new AgentRequest(role, "", 1, "", "", settings, "") { InBox = Box is not null };
        var launch = adapter.CommandLine(request, null, self);
        var env = AgentEnvironmentFor(adapter, request);
        if (Box is null)
        {
            return LoginProblem(adapter, launch.FileName, env, inBox: null);
        }

        var scratch = Directory.CreateTempSubdirectory("ias-login-").FullName;
        try
        {
            var box = new AgentBox(Box.Layout with { PrivateHomes = Path.Combine(scratch, "home") }, Box.Bwrap);
            var turn = BoxTurnFor(adapter, launch, env, AgentPathFor(Environment.GetEnvironmentVariable("PATH") ?? "")) with { HomeName = BoxHomes.ForRole(role.Wire) };
            return LoginProblem(adapter, launch.FileName, env, (command, words) => box.Wrap(command, words, writes: false, Path.Combine(scratch, "box"), null, turn, BoxNet.Offline));
        }
        finally
        {
            AgentFile.Remove(scratch);
        }
    }

    /// <summary>How a status command runs in the turn's box and network, read-only; null without a box.</summary>
    private Func<string, string[], BoxCommand>? InTurnBox(TurnNetwork network, string scratch, string? workTree, BoxTurn? turn)
    {
        var box = Box;
        return box is null ? null : (command, words) =>
        {
            var (file, args) = network.Around(command, words, self.FileName, self.Args, scratch);
            return box.Wrap(file, args, writes: false, scratch, workTree, turn, network.Net);
        };
    }

    /// <summary>What a logged-out CLI says, or null: its status command runs as <paramref name="inBox"/> wraps it (as it is when null), with the agent's environment.</summary>
    private string? LoginProblem(IAgentAdapter adapter, string program, Dictionary<string, string> env, Func<string, string[], BoxCommand>? inBox)
    {
        var probes = new List<BoxCommand>();
        _login.Launcher = inBox is null ? null : (command, words) =>
        {
            var probe = inBox(command, words);
            probes.Add(probe);
            return new ProbeLaunch(probe.FileName, probe.Args, env, Inherit: false);
        };
        try
        {
            return _login.Problem(adapter, program, env.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal));
        }
        finally
        {
            probes.ForEach(p => p.Dispose());
        }
    }

    /// <summary>
    /// Writes the exit code last, after stderr.log is flushed: a reader that sees it (the dashboard shows stderr's last lines
    /// under the exit) finds both whole. The job dir goes back if `.run/` was removed under the turn: the exit code is what a
    /// reader of the job looks for first.
    /// </summary>
    private static async Task WriteExitAsync(string jobDir, StreamWriter stderr, int? exitCode)
    {
        await stderr.FlushAsync(CancellationToken.None);
        OwnerOnly.CreateFolder(jobDir);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(jobDir, ExitCodeFile), exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none", CancellationToken.None);
    }

    /// <summary>
    /// The agent's environment: an allowlist of the inherited one (see <see cref="BoxEnvironment"/>), then what the engine
    /// sets for the turn. Nothing else of this process's environment reaches the agent (a queue's connection, a token).
    /// </summary>
    private Dictionary<string, string> AgentEnvironmentFor(IAgentAdapter adapter, AgentRequest request)
    {
        var inherited = Inherited();
        var allow = _boxConfig?.Allow ?? [];
        // Read once, from the user's own files: the agent may write its copies in the box.
        var keys = adapter.Needs.KeyFiles.Count == 0 ? [] : _keyVariables.GetOrAdd(adapter.Kind.Name,
            _ => BoxEnvironment.KeyVariables(adapter.Needs, Box?.Layout.Home ?? UserHome, BoxEnvironment.Filter(inherited, adapter.Needs, allow)));
        var env = BoxEnvironment.Filter(inherited, adapter.Needs, [.. allow, .. keys]);
        foreach (var (name, value) in AgentEnvironment.Concat(adapter.Environment).Concat(request.Environment))
        {
            env[name] = value;
        }

        env["IAS_ROLE"] = request.Role.Wire;
        env["IAS_CYCLE"] = request.Cycle.ToString(CultureInfo.InvariantCulture);
        env["IAS_TARGET"] = request.Target;
        env["IAS_PHASE"] = request.Phase;
        env[BoxEnvironment.NoDiagnostics.Key] = BoxEnvironment.NoDiagnostics.Value;
        return env;
    }

    /// <summary>The box's network for this turn (ias.sandbox.network); each host its proxy refuses is a line of `.run/ice.log`.</summary>
    private TurnNetwork NetworkFor(IAgentAdapter adapter, Dictionary<string, string> env, RunPaths paths, AgentRequest request)
    {
        var config = _boxConfig ?? SandboxConfig.Defaults;
        var files = _fileUrls.GetOrAdd(adapter.Kind.Name, _ => TurnNetwork.FileUrls(adapter.Needs, Box!.Layout.Home, env));
        var log = new IceLog(IceLog.PathFor(paths), _clock);
        var cwd = request.WorkTree ?? repoRoot;
        return TurnNetwork.Start(config.Network, adapter.Needs, config.NetworkAllow, TurnNetwork.VariableUrls(adapter.Needs, env).Concat(files), Inherited(), host =>
            log.Append(["connect", host], $"the box's network allowlist does not hold {host}: add it to ias.sandbox.network.allow in .loa.config.yaml if the agent needs it", cwd));
    }

    private static Dictionary<string, string?> Inherited() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    /// <summary>What the box must show this agent: its CLI's paths in the home, and its program and ias itself, found outside the box now.</summary>
    private BoxTurn BoxTurnFor(IAgentAdapter adapter, AgentLaunch launch, Dictionary<string, string> env, string path)
    {
        var home = Box!.Layout.Home;
        var needs = adapter.Needs;
        var programs = BoxPrograms.Find(launch.FileName, launch.Args, path).Paths
            .Concat(BoxPrograms.Find(self.FileName, self.Args, path).Paths);
        return new BoxTurn([.. needs.Resolve(home, env)], [.. programs])
        {
            Tokens = [.. AgentNeeds.Resolve(needs.Tokens, home, env)],
            History = [.. AgentNeeds.Resolve(needs.History, home, env)],
        };
    }

    private static AgentResponse Classify(AgentRequest request, ProcessOutcome outcome, FinalResult? final, IStreamParser parser, string? sessionId, Queue<string> stderrTail)
    {
        var lastErr = InertText.Line(string.Join(" | ", stderrTail)).Trim();
        if (final is null)
        {
            var failure = outcome.RanOutOfTime ? FailureClass.Timeout : FailureClass.Crash;
            var detail = outcome.Stop == ProcessStop.TimedOut ? $"no result within {request.Settings.TurnTimeout}"
                : outcome.Stop == ProcessStop.IdledOut ? $"no output for {request.Settings.IdleTimeout}"
                : $"exited {outcome.ExitCode} without a result event{(lastErr.Length > 0 ? $": {lastErr}" : "")}";
            // A CLI that was retrying (a dead network, a 429 or 503) until it went quiet or its time ran out failed for that
            // reason, not by hanging: its own backoff may keep it talking for the whole turn.
            var retrying = outcome.RanOutOfTime && parser.StderrHint is FailureClass.Network or FailureClass.Transient;
            if ((failure == FailureClass.Crash || retrying) && parser.StderrHint is { } hint)
            {
                failure = hint;
            }

            return new AgentResponse(false, failure, "", outcome.ExitCode, parser.ApiCalls, 0, 0, 0m, sessionId,
                outcome.RanOutOfTime, parser.UsageLimitResetsAt, Said(failure, detail));
        }

        return new AgentResponse(final.Success, final.Success ? FailureClass.None : final.FailureClass, final.Text, outcome.ExitCode,
            final.ApiCalls, final.TokensIn, final.TokensOut, final.CostUsd ?? 0m, final.SessionId ?? sessionId,
            outcome.Stop == ProcessStop.TimedOut, parser.UsageLimitResetsAt,
            final.Success ? "ok" : Said(final.FailureClass, ShortText.Cut(FailureDetail(final.Text, outcome.ExitCode, lastErr), 200).ReplaceLineEndings(" ")));
    }

    // A configuration failure is said with the way out, where the CLI's words give one.
    private static string Said(FailureClass failure, string detail) =>
        failure == FailureClass.ConfigError ? FailureClassifier.Explained(detail) : detail;

    // A plain-text agent's failure has no message of its own; its exit code and stderr are what the user needs.
    private static string FailureDetail(string text, int? exitCode, string lastErr) =>
        text.Trim().Length > 0 ? text : $"exited {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "without a code"}{(lastErr.Length > 0 ? $": {lastErr}" : "")}";
}
