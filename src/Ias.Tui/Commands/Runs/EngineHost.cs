using System.Net;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Runs;

/// <summary>Wires an engine for one repository: config, storage, git, agents and the system clock.</summary>
public sealed class EngineHost : IDisposable
{
    // A dry run's database when the repository has none yet: a dry run writes nothing there, .run/ included.
    private readonly DirectoryInfo? _scratch;

    private EngineHost(EngineContext context, IReadOnlyList<string> warnings, DirectoryInfo? scratch)
    {
        Context = context;
        Warnings = warnings;
        _scratch = scratch;
    }

    public EngineContext Context { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Opens the repository's engine, its own files in <paramref name="lane"/> (null: `.run/`, see <see cref="RunPaths.Lane"/>).</summary>
    /// <remarks>
    /// <paramref name="noSandbox"/> runs its agents without the box whatever the config says.
    /// With <paramref name="resuming"/>, a `.loa.config.yaml` that does not read is only a warning: a resumed run uses the
    /// copy it took at jack-in, so an agent that broke the file cannot block the resume. With <paramref name="writeNothing"/>
    /// (a dry run, a question before a start) a checkout with no `.run/` gets none: its database is a throwaway one.
    /// </remarks>
    public static EngineHost Open(string repo, Action<string> progress, bool noSandbox = false, bool resuming = false, bool writeNothing = false, string? lane = null)
    {
        var root = Path.GetFullPath(repo);
        if (!Directory.Exists(root))
        {
            throw new RunModeException($"repository {root} does not exist: pass --repo with a git repository");
        }

        var config = LoadConfig(root, resuming);
        var paths = new RunPaths(root).InLane(lane);
        var scratch = writeNothing && !File.Exists(paths.Database) ? Directory.CreateTempSubdirectory("ias-dry-run-") : null;
        if (scratch is null)
        {
            paths.EnsureCreated();
            CheckoutRegistry.ForUser().Remember(root);
        }

        var store = RunStore.Open(scratch is null ? paths.Database : Path.Combine(scratch.FullName, "ias.db"));
        // The box as the file says now; a run sets it up again from the copy of its inputs it takes at jack-in.
        var agents = new CliAgentInvoker(new ProcessRunner(TimeProvider.System), SelfLaunch(), root, new AgentRecord(paths.AgentPid))
        {
            BoxAllowed = !noSandbox,
            AgentEnvironment = DemoCommand.AgentEnvironment(paths),
        };
        agents.UseSandbox(config.Config.Sandbox);
        // Progress lines quote agents (summaries, questions, failures): each is one inert line on the terminal.
        var ctx = new EngineContext(
            root, config.Config, paths, store, new StateFiles(paths), new GitCli(root), agents,
            TimeProvider.System, line => progress(SecretRedactor.InertLine(line)), $"pid {Environment.ProcessId} on {Dns.GetHostName()}");
        return new EngineHost(ctx, config.Warnings, scratch);
    }

    private static ConfigResult LoadConfig(string root, bool resuming)
    {
        try
        {
            return ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds);
        }
        catch (ConfigException e) when (resuming)
        {
            return new ConfigResult(
                LoaConfig.Defaults(Path.Combine(root, ConfigLoader.FileName)),
                [$"{e.Message} (the run resumes with the copy it took at jack-in)"]);
        }
    }

    /// <summary>
    /// Keeps the machine awake while this engine works on <paramref name="what"/> (ias.keep_awake); when it cannot, one line
    /// in `.run/engine.log` says so, and nothing on the terminal.
    /// </summary>
    public SleepInhibitor? KeepAwake(string what) =>
        Context.Config.KeepAwake
            ? SleepInhibitor.Hold($"ias: {what} is working in {Context.RepoRoot}", line => OwnerOnly.AppendLine(Context.Paths.EngineLog, $"ias: {line}"))
            : null;

    /// <summary>How to start this same program again (for `ias sim-agent`), whether run as an apphost or through `dotnet ias.dll`.</summary>
    public static AgentLaunch SelfLaunch()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is");
        var name = Path.GetFileNameWithoutExtension(process);
        // Through `dotnet`, ias.dll lies beside this code (such a build is never single-file); the native ias is its own program.
        return name == "dotnet"
            ? new AgentLaunch(process, [Path.Combine(AppContext.BaseDirectory, typeof(EngineHost).Assembly.GetName().Name + ".dll")])
            : new AgentLaunch(process, []);
    }

    public void Dispose()
    {
        Context.Store.Dispose();
        _scratch?.Delete(recursive: true);
    }
}
