using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs;

namespace Ias.Tui.Commands;

/// <summary>`ias enqueue`: adds a job (role, prompt, agent) to the run's pending queue.</summary>
public static class EnqueueCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "implementer, reviewer, auditor, orchestrator, ... (only writing roles may change files)", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The job's prompt" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file in the repository holding the job's prompt (one outside it needs --allow-outside)" };
        var allowOutside = PromptFileScope.AllowOutsideOption();
        var agent = new Option<string?>("--agent") { Description = $"{AgentAdapters.Builtin.Names} (default: the role's agent in .loa.config.yaml)" };
        var write = new Option<bool>("--write") { Description = "Let a role other than implementer change files; its changes are committed" };
        var cmd = new Command("enqueue", "Add a job to a run's queue") { role, prompt, promptFile, allowOutside, agent, write };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var roleName = pr.GetValue(role)!;
            if (roleName.Length == 0 || !char.IsAsciiLetterLower(roleName[0]) || roleName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')))
            {
                throw new QueueException($"--role \"{roleName}\" is not a role name; use implementer, reviewer, auditor, orchestrator or another lower-case word");
            }

            var agentName = pr.GetValue(agent);
            if (agentName is not null && AgentAdapters.Builtin.Find(agentName) is null)
            {
                throw new QueueException($"--agent \"{agentName}\" is not an agent; use {AgentAdapters.Builtin.Names}");
            }

            var text = (pr.GetValue(prompt), pr.GetValue(promptFile)) switch
            {
                ({ } p, null) => p,
                (null, { } f) => ReadPrompt(PromptFileScope.Resolve(pr.GetValue(Cli.Repo)!, f, pr.GetValue(allowOutside)), f),
                (null, null) => throw new QueueException("no prompt: pass --prompt TEXT or --prompt-file FILE"),
                _ => throw new QueueException("--prompt and --prompt-file both given: pass one of them"),
            };
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new QueueException("the prompt is empty: write what the agent should do");
            }

            using var host = QueueHost.Open(pr, run);
            var job = host.Queue.Enqueue(roleName, text, agentName?.ToLowerInvariant(), pr.GetValue(write) || roleName == "implementer");
            Console.WriteLine($"enqueued {job.Id} in run {job.Run} ({(job.Writes ? "writes" : "read-only")}, pending)");
            return Task.FromResult(0);
        }));
        return cmd;
    }

    /// <summary>
    /// The prompt in <paramref name="file"/> (resolved), named in messages as the user wrote it: <paramref name="shown"/>;
    /// refused with one line when it is over the prompt size limit, before any of it is read.
    /// </summary>
    private static string ReadPrompt(string file, string shown)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new QueueException($"prompt file {shown} not found: pass the path of an existing file");
        }

        return InputLimits.PromptFile.ReadText(path, shown, message => new QueueException(message));
    }
}
