using Ias.Core.Processes;
using Ias.Core.Sandbox.Network;
using Ias.Tui.Commands;

// Inside an agent's box, before the agent starts: the bridge to ias's proxy, first so the turn waits as little as it can.
if (args is [TurnNetwork.BridgeCommand, .. var forwards])
{
    return await BoxBridge.MainAsync(forwards, Console.Out, Console.Error);
}

// Inherited with SIGCHLD ignored, .NET never sees a child end and ias would hang on its first git call: start afresh without it.
if (ChildSignal.RestartIfIgnored() is { } cannot)
{
    await Console.Error.WriteLineAsync(cannot);
    return 2;
}

return await Invocation.RunAsync(Cli.Build(), args);
