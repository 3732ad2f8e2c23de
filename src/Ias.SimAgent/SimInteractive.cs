namespace Ias.SimAgent;

/// <summary>
/// The simulated agent reopened for a person at the terminal, as `claude --resume ID` would be: it names the session
/// and echoes each line typed until an empty line or the end of input, so a drop-in can be seen to reach it.
/// </summary>
public static class SimInteractive
{
    public static async Task<int> RunAsync(TextReader input, TextWriter output, string session, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync($"sim-agent: session {session} reopened in {directory}; type a line (an empty line or ctrl-d leaves)").ConfigureAwait(false);
        while (await input.ReadLineAsync(ct).ConfigureAwait(false) is { Length: > 0 } line)
        {
            await output.WriteLineAsync($"sim-agent: you said \"{line}\"").ConfigureAwait(false);
        }

        await output.WriteLineAsync("sim-agent: session closed").ConfigureAwait(false);
        return 0;
    }
}
