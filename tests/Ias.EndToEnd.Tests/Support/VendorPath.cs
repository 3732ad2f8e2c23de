using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A machine as a person sets it up, for the commands that look for the vendors' agent CLIs: a HOME and a global git
/// config of the test's own (a name and email), and a PATH on which the agent CLIs are exactly the ones asked for.
/// </summary>
public static class VendorPath
{
    private static readonly string[] Vendors = ["claude", "codex", "gemini"];

    /// <summary>
    /// The environment, its files under <paramref name="dir"/>; <paramref name="clis"/> are fakes that answer --version, on
    /// PATH in that order, and none of the machine's.
    /// </summary>
    public static Dictionary<string, string> Environment(TempDir dir, params string[] clis)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        var global = Path.Combine(home, "gitconfig");
        File.WriteAllText(global, "[user]\n\tname = Ada\n\temail = ada@example.invalid\n");
        var dirs = clis.Select(cli =>
        {
            var bin = Directory.CreateDirectory(dir.Combine("bin-" + cli)).FullName;
            File.WriteAllText(Path.Combine(bin, cli), "#!/bin/sh\ncase \"$1\" in --version) echo \"9.9.9\";; esac\n");
            IceShim.MakeExecutable(Path.Combine(bin, cli));
            return bin;
        });
        var machine = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => !Vendors.Any(v => File.Exists(Path.Combine(d, v))));
        return new()
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["GIT_CONFIG_GLOBAL"] = global,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["PATH"] = string.Join(':', dirs.Concat(machine)),
        };
    }
}
