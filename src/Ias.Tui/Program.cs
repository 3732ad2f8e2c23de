using Ias.Tui.Commands;

return await Cli.Build().Parse(args).InvokeAsync();
