namespace Ias.Core.Sandbox.Network;

/// <summary>A box's own network: nothing but its loopback, and, when <paramref name="Sockets"/> is set, that folder of proxy sockets shown at <see cref="Inside"/>.</summary>
public sealed record BoxNet(string? Sockets)
{
    /// <summary>Where the box sees the folder of proxy sockets: short, since a Unix socket's path holds at most 107 bytes.</summary>
    public const string Inside = "/tmp/.ias-net";

    /// <summary>A network namespace with nothing in it: the git box and an agent that needs no network.</summary>
    public static readonly BoxNet Offline = new((string?)null);

    /// <summary>The bubblewrap arguments: a network namespace of its own, and the sockets read-only (connecting needs no write).</summary>
    public IEnumerable<string> Args() => Sockets is null ? ["--unshare-net"] : ["--unshare-net", "--ro-bind", Sockets, Inside];
}
