using System.Net.Sockets;

namespace Ias.Core.Sandbox.Network;

/// <summary>Serves each connection its listeners accept until stopped; stopping first carries out what clients already sent.</summary>
/// <remarks>
/// On stop, the connections still waiting in a listener's backlog are taken, and each connection's upload (what its
/// client sends) may end, for at most a drain limit, before the rest is cancelled. An agent that writes and exits at once,
/// its box closing behind it, so loses nothing on the way out.
/// </remarks>
internal sealed class TunnelServer
{
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _uploads = [];

    /// <summary>Cancelled when the server has stopped: what a connection still does then is cut off.</summary>
    public CancellationToken Stopped => _stop.Token;

    /// <summary>Accepts on <paramref name="listener"/> (this server closes it) and runs <paramref name="serve"/> on each connection; serve calls its second argument once its upload has ended.</summary>
    public void Serve(Socket listener, Func<Socket, Action, Task> serve) => _loops.Add(Task.Run(() => AcceptAsync(listener, serve)));

    /// <summary>Stops accepting, serves the backlog, waits up to <paramref name="drain"/> for the uploads, then cancels everything.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        await _closing.CancelAsync();
        await Task.WhenAll(_loops);
        Task[] uploads;
        lock (_gate)
        {
            uploads = [.. _uploads];
        }

        try
        {
            await Task.WhenAll(uploads).WaitAsync(drain);
        }
        catch (TimeoutException)
        {
            // A client that keeps sending past the limit is cut off with the rest.
        }

        await _stop.CancelAsync();
    }

    /// <summary>Carries <paramref name="client"/> and <paramref name="target"/> both ways until both ends; <paramref name="sent"/> is called once all the client sent is out.</summary>
    public static async Task PipeAsync(Socket client, Socket target, Action sent, CancellationToken ct)
    {
        await Task.WhenAll(UploadAsync(), CopyAsync(target, client, ct));

        async Task UploadAsync()
        {
            await CopyAsync(client, target, ct);
            sent();
        }
    }

    /// <summary>Copies until <paramref name="from"/> ends, then ends <paramref name="to"/>'s writing half so its reader sees the end.</summary>
    private static async Task CopyAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, ct)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other side went away: end this half too.
        }

        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private async Task AcceptAsync(Socket listener, Func<Socket, Action, Task> serve)
    {
        using (listener)
        {
            while (true)
            {
                try
                {
                    Start(await listener.AcceptAsync(_closing.Token), serve);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    break;
                }
            }

            // Connections a client completed before the stop wait in the backlog; closing the listener would drop them.
            while (Waiting(listener) is { } client)
            {
                Start(client, serve);
            }
        }
    }

    private static Socket? Waiting(Socket listener)
    {
        try
        {
            return listener.Poll(0, SelectMode.SelectRead) ? listener.Accept() : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private void Start(Socket client, Func<Socket, Action, Task> serve)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _uploads.Add(sent.Task);
        }

        _ = Task.Run(async () =>
        {
            using (client)
            {
                try
                {
                    await serve(client, () => sent.TrySetResult());
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // A peer gone, a host that did not answer, the stop: that connection ends, the others go on.
                }
                finally
                {
                    sent.TrySetResult();
                    lock (_gate)
                    {
                        _uploads.Remove(sent.Task);
                    }
                }
            }
        });
    }
}
