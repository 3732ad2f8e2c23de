using System.CommandLine;
using Ias.Tui.Commands;

// Signals are ours to handle: an engine turns them into a forced halt (EngineSignals), a dashboard restores the terminal.
return await Cli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
