using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Tests.Support;

/// <summary>An engine's context for a test's repository, as EngineHost opens it: the config the file holds now, .run/ made (and kept out of git) first, the test's agent.</summary>
public sealed class TestEngine : IDisposable
{
    public TestEngine(string root, IAgentInvoker agent)
    {
        var paths = new RunPaths(root);
        paths.EnsureCreated();
        var store = RunStore.Open(paths.Database);
        var config = ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds).Config;
        Context = new EngineContext(root, config, paths, store, new StateFiles(paths), new GitCli(root), agent, TimeProvider.System, _ => { }, "test");
    }

    public EngineContext Context { get; }

    /// <summary>What pre-flight says of sprint <paramref name="target"/> as `ias run TARGET --dry-run --local` asks it: null when it passes.</summary>
    public string? Refusal(string target = "sprint-1")
    {
        try
        {
            new RunEngine(Context).Preflight(new StartRequest(target, new RunOptions(3, 1, DryRun: true, Local: true), null));
            return null;
        }
        catch (RunModeException e)
        {
            return e.Message;
        }
    }

    public void Dispose() => Context.Store.Dispose();
}
