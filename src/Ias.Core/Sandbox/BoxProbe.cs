using Ias.Core.Processes;

namespace Ias.Core.Sandbox;

/// <summary>Whether a box can be built here: bubblewrap installed, and allowed to make the namespaces it needs. Asked once per process.</summary>
public static class BoxProbe
{
    public const string Install = "install bubblewrap (`apt-get install bubblewrap`, `dnf install bubblewrap`), or pass --no-sandbox to run the agent with ICE's shim and hook alone";

    private static readonly Lazy<string?> Cached = new(() => EngineTools.Locate("bwrap") is { } bwrap ? Problem(bwrap) : EngineTools.Missing("bwrap") + ", " + Install);

    /// <summary>Null when the box works here; otherwise one line saying why not and what to do.</summary>
    public static string? Problem() => Cached.Value;

    /// <summary>Runs `true` in the smallest box with the namespaces the agent's box uses.</summary>
    public static string? Problem(string bwrap)
    {
        var found = Path.IsPathRooted(bwrap) ? File.Exists(bwrap) : OnPath(bwrap);
        if (!found)
        {
            return $"the agent sandbox needs bubblewrap, and `{bwrap}` is not installed: {Install}";
        }

        try
        {
            var result = CliProcess.Run(bwrap, "/", ["--die-with-parent", "--unshare-pid", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", "true"],
                new Dictionary<string, string>(), TimeSpan.FromSeconds(30), "bubblewrap");
            return result.ExitCode == 0
                ? null
                : $"bubblewrap cannot build the agent sandbox here ({FirstLine(result.Stderr.Trim())}): allow unprivileged user namespaces (sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone), or pass --no-sandbox";
        }
        catch (CliProcessException e)
        {
            return $"bubblewrap could not start ({e.Reason}): {Install}";
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    private static string FirstLine(string s) => s.Split('\n', 2)[0];
}
