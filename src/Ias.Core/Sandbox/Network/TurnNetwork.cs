using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// One turn's network for an agent's box. Allowlist: a network of its own whose only way out is ias's <see cref="BoxProxy"/>,
/// reached through a bridge the box starts before the agent, and the proxy variables pointing at it. None: no way out at all.
/// Open: the host's network, as it is.
/// </summary>
public sealed partial class TurnNetwork : IAsyncDisposable
{
    /// <summary>The word that starts the bridge in the box: a hidden command of ias's own.</summary>
    public const string BridgeCommand = "box-net-bridge";

    /// <summary>Where the bridge listens for the proxy in the box, unless a forwarded base URL holds that port.</summary>
    private const int ProxyPort = 3128;

    private const string Loopbacks = "localhost,127.0.0.1,::1";

    private readonly BoxProxy? _proxy;
    private readonly string? _folder;

    private TurnNetwork(BoxNet? net, Dictionary<string, string?> variables, IReadOnlyList<(int, string)> bridge, BoxProxy? proxy, string? folder)
    {
        Net = net;
        Variables = variables;
        Bridge = bridge;
        _proxy = proxy;
        _folder = folder;
    }

    /// <summary>The host's own network.</summary>
    public static TurnNetwork Host { get; } = new(null, [], [], null, null);

    /// <summary>What the box gets: null for the host's network.</summary>
    public BoxNet? Net { get; }

    /// <summary>Variables set in the box's environment, or removed where null: the proxy's address in, the user's proxy (and its password) out.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; }

    /// <summary>Sets <see cref="Variables"/> in <paramref name="env"/>, removing those that are null.</summary>
    public void ApplyTo(Dictionary<string, string> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        foreach (var (name, value) in Variables)
        {
            if (value is null)
            {
                env.Remove(name);
            }
            else
            {
                env[name] = value;
            }
        }
    }

    /// <summary>The bridge's ports in the box and the proxy sockets they reach, as the box sees them.</summary>
    public IReadOnlyList<(int Port, string Socket)> Bridge { get; }

    /// <summary>
    /// The network for an agent that <paramref name="needs"/> what it does, in <paramref name="mode"/>, with the user's
    /// <paramref name="allow"/> list and base URLs (<paramref name="baseUrls"/>); <paramref name="engineEnv"/> names the user's proxy.
    /// </summary>
    public static TurnNetwork Start(NetworkMode mode, AgentNeeds needs, IReadOnlyList<string> allow, IEnumerable<string> baseUrls,
        IReadOnlyDictionary<string, string?> engineEnv, Action<string> refused)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(allow);
        ArgumentNullException.ThrowIfNull(baseUrls);
        if (mode == NetworkMode.Open)
        {
            return Host;
        }

        var removed = UpstreamProxy.Variables.ToDictionary(v => v, _ => (string?)null, StringComparer.Ordinal);
        if (mode == NetworkMode.None || needs.Offline)
        {
            return new TurnNetwork(BoxNet.Offline, removed, [], null, null);
        }

        var endpoints = Endpoints(baseUrls).ToList();
        var local = endpoints.Where(e => HostAllowlist.IsLoopback(e.Host)).Select(e => e.Port).Distinct().ToList();
        var hosts = needs.Hosts.Concat(allow).Concat(endpoints.Select(e => !HostAllowlist.IsLoopback(e.Host) ? e.Host : e.Host.Contains(':', StringComparison.Ordinal) ? $"[{e.Host}]:{e.Port}" : $"{e.Host}:{e.Port}"));
        var folder = Path.Combine(ShortTemp(), "ias-net-" + Guid.NewGuid().ToString("N")[..12]);
        OwnerOnly.CreateFolder(folder);
        var proxy = new BoxProxy(new HostAllowlist(hosts), UpstreamProxy.From(engineEnv), refused);
        try
        {
            proxy.Listen(Path.Combine(folder, "proxy.sock"));
            var bridge = new List<(int, string)>();
            foreach (var port in local)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"port-{port}.sock");
                proxy.Forward(Path.Combine(folder, name), "127.0.0.1", port);
                bridge.Add((port, $"{BoxNet.Inside}/{name}"));
            }

            var at = ProxyPort;
            while (local.Contains(at))
            {
                at++;
            }

            bridge.Add((at, $"{BoxNet.Inside}/proxy.sock"));
            var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{at}");
            foreach (var name in (string[])["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"])
            {
                removed[name] = url;
            }

            // The box's loopback holds nothing but the bridge: a base URL there is reached straight, through its forward.
            removed["no_proxy"] = Loopbacks;
            removed["NO_PROXY"] = Loopbacks;
            return new TurnNetwork(new BoxNet(folder), removed, bridge, proxy, folder);
        }
        catch
        {
            proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="fileName"/> and <paramref name="args"/> started by a shell that first starts the bridge (<paramref name="ias"/>
    /// with its arguments) and waits until it listens; unchanged when the box needs no bridge.
    /// </summary>
    public (string FileName, IReadOnlyList<string> Args) Around(string fileName, IReadOnlyList<string> args, string ias, IReadOnlyList<string> iasArgs, string scratch)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(iasArgs);
        if (Bridge.Count == 0)
        {
            return (fileName, args);
        }

        var ready = ShellWords.Quote(Path.Combine(scratch, "net-ready"));
        var words = new[] { ias }.Concat(iasArgs).Append(BridgeCommand)
            .Concat(Bridge.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Port}={b.Socket}")));
        // The agent is not exec'd: when it exits, the box's first process ends and takes the bridge with it at once, so
        // the shell stays to stop the bridge itself and wait while it carries out what the agent sent last.
        var script = $"""
            rm -f {ready}; mkfifo -m 600 {ready} || exit 125
            {string.Join(' ', words.Select(ShellWords.Quote))} > {ready} < /dev/null &
            bridge=$!
            if ! read -r _ < {ready}; then echo "ias: the box's network bridge did not start" >&2; exit 125; fi
            rm -f {ready}
            "$@"
            status=$?
            kill -TERM "$bridge" 2>/dev/null; wait "$bridge"
            exit "$status"
            """;
        return ("/bin/sh", ["-c", script, "sh", fileName, .. args]);
    }

    /// <summary>The base URLs the variables of <paramref name="agentEnv"/> name for an agent that <paramref name="needs"/> what it does.</summary>
    public static IEnumerable<string> VariableUrls(AgentNeeds needs, IReadOnlyDictionary<string, string> agentEnv)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(agentEnv);
        return needs.Endpoints.Select(v => agentEnv.GetValueOrDefault(v)).OfType<string>();
    }

    /// <summary>
    /// The base URLs its config files' `base_url = "…"` lines name. The agent can write those files, so the engine reads
    /// them once, before the first turn of that agent, and keeps what it read.
    /// </summary>
    public static IReadOnlyList<string> FileUrls(AgentNeeds needs, string? home, IReadOnlyDictionary<string, string> agentEnv)
    {
        ArgumentNullException.ThrowIfNull(needs);
        return [.. AgentNeeds.Captures(needs.EndpointFiles, home, agentEnv, BaseUrlLine())];
    }

    private static IEnumerable<(string Host, int Port)> Endpoints(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
            {
                yield return (uri.IdnHost.Trim('[', ']'), uri.Port);
            }
        }
    }

    /// <summary>A folder whose socket paths fit a Unix socket's 107 bytes: the user's temp folder, or /tmp when that is too deep.</summary>
    private static string ShortTemp()
    {
        var temp = Path.GetTempPath();
        return temp.Length <= 60 ? temp : "/tmp";
    }

    [GeneratedRegex("""^\s*base_url\s*=\s*"([^"\n]+)"\s*$""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BaseUrlLine();

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
