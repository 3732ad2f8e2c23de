using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Control;
using Ias.Core.Git;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Processes;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Runs;

/// <summary>
/// A person takes over a run's checkout: the engine, if one runs, is halted now, then the run's agent CLI opens resumed
/// on the run's last session (or a shell opens in the work tree) on this terminal; leaving it leaves the run HALTED and
/// resumable. `ias drop-in` and the dashboard's keys both come here.
/// </summary>
public sealed class DropIn
{
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(60);

    internal DropIn(string root, string what, AgentLaunch launch, string runId, Func<int, string>? back = null, IDisposable? holds = null)
    {
        Root = root;
        What = what;
        Launch = launch;
        RunId = runId;
        _back = back;
        _holds = holds;
    }

    private readonly Func<int, string>? _back;

    // What the person holds while inside (a queue's checkout lock), let go when they leave.
    private readonly IDisposable? _holds;

    public string Root { get; }

    /// <summary>Where what opens works: the run's worktree, else the checkout.</summary>
    public string WorkTree { get => _workTree ?? Root; init => _workTree = value; }

    private readonly string? _workTree;

    /// <summary>The lane of the run dropped into: null for `.run/`'s.</summary>
    public string? Lane { get; init; }

    /// <summary>What opens, for the lines around it: "claude session 1b2c…" or "a shell".</summary>
    public string What { get; }

    public AgentLaunch Launch { get; }

    public string RunId { get; }

    /// <summary>Finds what to open and halts a running engine; every reason it cannot is a one-line <see cref="RunModeException"/>.</summary>
    /// <remarks><paramref name="run"/> names one run among several at work (<see cref="RunLanes.Pick"/>).</remarks>
    public static DropIn Prepare(string repo, bool shell, Action<string> say, string? run = null)
    {
        ArgumentNullException.ThrowIfNull(say);
        var root = Path.GetFullPath(repo);
        var paths = RunLanes.Pick(new RunPaths(root), run, "drop-in");
        var target = DropInTarget.Find(paths)
            ?? throw new RunModeException($"no run in {root}: nothing to drop into; start one with `ias run sprint-N`");
        var launch = shell ? Shell() : Agent(root, target);

        var client = new EngineClient(paths, TimeProvider.System);
        if (client.IsAlive(out var holder))
        {
            say($"halting the engine ({holder}) now, so the checkout is yours…");
            if (!client.StopNow("a person dropped in", EngineWait))
            {
                throw new RunModeException($"the engine ({holder}) did not stop within {EngineWait.TotalSeconds:0} s; try `ias run-halt --force`, then drop in again");
            }
        }

        // The run's work is in its worktree, when it has one; a run an older ias started works in the checkout.
        var work = RunWorktree.Ours(new GitCli(root)).FirstOrDefault(t => t.Branch == target.Branch).Path ?? root;
        return new DropIn(root, shell ? "a shell" : $"{target.Agent} session {target.SessionId}", launch, target.RunId) { WorkTree = work, Lane = paths.Lane };
    }

    /// <summary>Runs what opens on this terminal and waits for the person to leave it; the exit code is theirs.</summary>
    public async Task<int> RunAsync()
    {
        // The child owns the terminal: it must get the keyboard itself, so this is the one child not run through pipes.
        var start = new ProcessStartInfo(Launch.FileName, Launch.Args) { UseShellExecute = false, WorkingDirectory = WorkTree };
        start.Environment["IAS_DROP_IN"] = RunId;
        // ctrl-c, ctrl-\ and ctrl-z are the child's: they reach the whole foreground group, and must not end ias under it.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => c.Cancel = true);
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new RunModeException($"could not start {Launch.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new RunModeException($"could not start {Launch.FileName}: {e.Message}; install it or use `ias drop-in --shell`");
        }

        using (child)
        {
            try
            {
                await child.WaitForExitAsync();
                return child.ExitCode;
            }
            finally
            {
                _holds?.Dispose();
            }
        }
    }

    /// <summary>The line after the person leaves: the run's state now and how to go on.</summary>
    public string Back(int exitCode)
    {
        if (_back is not null)
        {
            return _back(exitCode);
        }

        var paths = new RunPaths(Root).InLane(Lane);
        var target = DropInTarget.Find(paths);
        var named = target is null ? "" : paths.Naming(target.Branch);
        var next = target?.State is RunState.Halted or RunState.Running
            ? $"`ias run-resume{named}` continues it, `ias dashboard{named}` watches it"
            : $"`ias dashboard{named}` shows it";
        var state = target?.State;
        return $"back from {What} (exit {exitCode}); run {RunId} is {(state is { } s ? WireName.Of(s) : "gone")}: {next}";
    }

    /// <summary>Becomes `ias drop-in … --dashboard` in place, for the dashboard's d and s; returns only by throwing.</summary>
    /// <remarks>
    /// A fresh program, because the dashboard's key reader stays blocked on the terminal and would take the person's keys
    /// from the agent. With <paramref name="job"/> (a queue run and a job of it) the drop-in opens that job's session;
    /// without it, <paramref name="lane"/> names the watched run's lane among several at work.
    /// </remarks>
    public static void ReplaceThisProcess(string repo, bool shell, IReadOnlyList<string> displayFlags, (string Run, string Id)? job = null, string? lane = null)
    {
        var self = EngineHost.SelfLaunch();
        string[] which = job is { } j ? ["--job", j.Id, "--run", j.Run] : [.. shell ? ["--shell"] : Array.Empty<string>(), .. lane is null ? [] : new[] { "--run", lane }];
        List<string> argv = [self.FileName, .. self.Args, "drop-in", .. which, "--repo", Path.GetFullPath(repo), "--dashboard", .. displayFlags];
        var errno = ProcessImage.Replace(self.FileName, argv);
        throw new RunModeException($"could not start the drop-in (execv: errno {errno}); run `ias drop-in{(shell ? " --shell" : "")}` yourself");
    }

    private static AgentLaunch Shell() =>
        new(Environment.GetEnvironmentVariable("SHELL") is { Length: > 0 } sh ? sh : "/bin/sh", []);

    private static AgentLaunch Agent(string root, DropInTarget target)
    {
        if (target.SessionId is null || target.Agent is null)
        {
            throw new RunModeException($"run {target.RunId} has no agent session yet (no agent call has finished); use `ias drop-in --shell`");
        }

        var adapter = AgentAdapters.Builtin.Find(target.Agent)
            ?? throw new RunModeException($"run {target.RunId}'s last agent is {target.Agent}, which this ias does not know; use `ias drop-in --shell`");
        var configured = Configured(root, target.Role);
        var settings = configured?.Agent == adapter.Kind ? configured : AgentSettings.Defaults with { Agent = adapter.Kind };
        return adapter.Interactive(settings, target.SessionId, EngineHost.SelfLaunch())
            ?? throw new RunModeException($"agent {target.Agent} cannot reopen a session; use `ias drop-in --shell`");
    }

    /// <summary>The role's agent as the config says now (the person may have fixed its command); null when it does not read.</summary>
    private static AgentSettings? Configured(string root, string? role)
    {
        try
        {
            var config = ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds).Config;
            // The role table says whose settings a role ran on (the red team on the auditor's), as the run itself chose them.
            return config.Agents.For(role is null ? Role.Implementer : Role.Parse(role));
        }
        catch (ConfigException)
        {
            return null;
        }
    }
}
