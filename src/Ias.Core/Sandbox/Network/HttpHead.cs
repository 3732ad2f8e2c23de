using System.Net.Sockets;
using System.Text;

namespace Ias.Core.Sandbox.Network;

/// <summary>The head of an HTTP message read off a socket: its lines up to the blank one, and the bytes that came after it.</summary>
internal static class HttpHead
{
    /// <summary>The most a head may hold; a longer one is no request ias forwards.</summary>
    public const int Limit = 64 * 1024;

    /// <summary>The head as text (null when the peer closed or sent more than <see cref="Limit"/> first) and what followed it.</summary>
    public static async Task<(string? Head, byte[] After)> ReadAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var used = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end + 4), buffer[(end + 4)..used]);
            }

            if (used == buffer.Length)
            {
                if (used >= Limit)
                {
                    return (null, []);
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(used), ct);
            if (read == 0)
            {
                return (null, []);
            }

            used += read;
        }
    }
}
