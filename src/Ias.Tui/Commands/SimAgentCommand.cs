using System.Collections;
using System.CommandLine;
using Ias.SimAgent;

namespace Ias.Tui.Commands;

/// <summary>`ias sim-agent`: the built-in simulated agent, speaking Claude Code's stream-json; the engine runs it as a child process.</summary>
public static class SimAgentCommand
{
    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = "Scenario JSON (default: $IAS_SIM_SCENARIO, else findings on the first review, pass on the second)" };
        var resume = new Option<string?>("--resume") { Description = "Continue this session id, as the real CLIs do" };
        var interactive = new Option<bool>("--interactive") { Description = "Reopen the --resume session for a person at the terminal (ias drop-in)" };
        var cmd = new Command("sim-agent", "The simulated agent (reads a prompt on stdin, writes stream-json)") { scenario, resume, interactive };
        cmd.Hidden = true;
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(interactive))
            {
                var reopened = pr.GetValue(resume) ?? "(new)";
                return await SimInteractive.RunAsync(Console.In, Console.Out, reopened, Directory.GetCurrentDirectory(), ct);
            }

            var env = new Dictionary<string, string>();
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                env[(string)e.Key] = (string?)e.Value ?? "";
            }

            if (pr.GetValue(scenario) is { } path)
            {
                env["IAS_SIM_SCENARIO"] = Path.GetFullPath(path);
            }

            if (pr.GetValue(resume) is { } session)
            {
                env["IAS_SIM_RESUME"] = session;
            }

            var ctx = SimContext.FromEnvironment(env, Directory.GetCurrentDirectory());
            return await new SimulatedAgent(TimeProvider.System).RunAsync(Console.In, Console.Out, Console.Error, ctx, ct);
        });
        return cmd;
    }
}
