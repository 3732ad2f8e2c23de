using Ias.Core.Processes;
using Ias.Tui.Commands;

// Inherited with SIGCHLD ignored, .NET never sees a child end and ias would hang on its first git call: start afresh without it.
if (ChildSignal.RestartIfIgnored() is { } cannot)
{
    await Console.Error.WriteLineAsync(cannot);
    return 2;
}

return await Invocation.RunAsync(Cli.Build(), args);
