using System.Collections;
using System.CommandLine;
using Ias.Core.Safety;

namespace Ias.Tui.Commands;

/// <summary>`ias ice-git`: what the run's git and gh shims call; checks ICE's policy, then runs the real tool or refuses with exit 1.</summary>
public static class IceGitCommand
{
    public static Command Create()
    {
        var gh = new Option<bool>("--gh") { Description = "The words are a gh command, not a git one" };
        var shimDir = new Option<string>("--shim-dir") { Description = "The shim's directory, skipped when looking for the real tool", Required = true };
        var log = new Option<string>("--log") { Description = "Where refusals are appended (.run/ice.log)", Required = true };
        var words = new Argument<string[]>("words") { Description = "The command's words after --", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("ice-git", "Check a git or gh command against ICE, then run it (used by the run's shims)") { gh, shimDir, log, words };
        cmd.Hidden = true;
        cmd.SetAction(pr =>
        {
            var env = new Dictionary<string, string>();
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                env[(string)e.Key] = (string?)e.Value ?? "";
            }

            return IceGate.Run(
                pr.GetValue(gh) ? "gh" : "git",
                pr.GetValue(words) ?? [],
                pr.GetValue(shimDir)!,
                pr.GetValue(log)!,
                Directory.GetCurrentDirectory(),
                env,
                Console.Error,
                TimeProvider.System);
        });
        return cmd;
    }
}
