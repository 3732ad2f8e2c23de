using Ias.Core.Sandbox.Network;

namespace Ias.Tui.Commands;

/// <summary>`ias box-net-bridge PORT=SOCKET…`: started in an agent's box, says "ready" on stdout once it listens, then forwards until the box ends.</summary>
public static class BoxBridgeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> words)
    {
        var (forwards, problem) = BoxBridge.Parse(words);
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync(problem);
            return 2;
        }

        try
        {
            await BoxBridge.RunAsync(forwards, () =>
            {
                Console.Out.WriteLine("ready");
                Console.Out.Flush();
            }, CancellationToken.None);
            return 0;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await Console.Error.WriteLineAsync($"ias box-net-bridge: {e.Message}: the box's network could not be set up");
            return 1;
        }
    }
}
