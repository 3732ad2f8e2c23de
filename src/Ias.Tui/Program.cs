using System.CommandLine;
using Ias.Core.Processes;
using Ias.Tui.Commands;

// Inherited with SIGCHLD ignored, .NET never sees a child end and ias would hang on its first git call: start afresh without it.
if (ChildSignal.RestartIfIgnored() is { } cannot)
{
    await Console.Error.WriteLineAsync(cannot);
    return 2;
}

// Signals are ours to handle: an engine turns them into a forced halt (EngineSignals), a dashboard restores the terminal.
return await Cli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
