using System.CommandLine;
using System.Text;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Records;

namespace Ias.Tui.Commands.Queue;

/// <summary>`ias enqueue`: adds a job (role, prompt, agent) to the run's pending queue.</summary>
public static class EnqueueCommand
{
    public static Command Create()
    {
        var role = new Option<string?>("--role") { Description = "implementer, reviewer, auditor, orchestrator, ... (only writing roles may change files)" };
        var prompt = new Option<string?>("--prompt") { Description = "The job's prompt" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file in the repository holding the job's prompt (one outside it needs --allow-outside)" };
        var allowOutside = new Option<bool>("--allow-outside") { Description = "Read a prompt file that lies outside the repository (symbolic links resolved); without it such a file is refused" };
        var agent = new Option<string?>("--agent") { Description = $"{AgentAdapters.Builtin.Names} (default: the role's agent in .loa.config.yaml)" };
        var write = new Option<bool>("--write") { Description = "Let a role other than implementer change files; its changes are committed" };
        var fromFile = new Option<string?>("--from-file")
        {
            Description = "Enqueue a batch: JSON Lines, one job a line ({\"role\": ..., \"prompt\" or \"prompt_file\": ..., \"agent\": ..., \"write\": true}); all or none",
        };
        var pull = new Option<string?>("--pr")
        {
            Description = "A review of a pull request (NUMBER or URL): a reading role reviews its branch in the box and its verdict becomes a comment on it (role default: reviewer)",
        };
        var cmd = new Command("enqueue", "Add a job (or a batch of them) to a run's queue") { role, prompt, promptFile, allowOutside, agent, write, fromFile, pull };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction(pr =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            var outside = pr.GetValue(allowOutside);
            IReadOnlyList<JobRequest> requests;
            if (pr.GetValue(fromFile) is { } batch)
            {
                var single = new Option[] { role, prompt, promptFile, agent, write, pull }.FirstOrDefault(o => pr.GetResult(o) is { Implicit: false });
                if (single is not null)
                {
                    throw new QueueException($"--from-file and {single.Name} both given: the file's lines say each job's role, prompt, agent and write");
                }

                requests = ReadBatch(batch, f => PromptFileScope.Read(repo, f, outside));
            }
            else
            {
                var review = pr.GetValue(pull);
                var roleName = pr.GetValue(role) ?? (review is not null ? "reviewer" : null)
                    ?? throw new QueueException("no role: pass --role NAME (implementer, reviewer, ...), or a batch with --from-file FILE");
                if (JobRequests.RoleProblem(roleName) is { } badRole)
                {
                    throw new QueueException($"--role {badRole}");
                }

                var agentName = pr.GetValue(agent);
                if (agentName is not null && JobRequests.AgentProblem(agentName) is { } badAgent)
                {
                    throw new QueueException($"--agent {badAgent}");
                }

                var text = (pr.GetValue(prompt), pr.GetValue(promptFile)) switch
                {
                    ({ } p, null) => p,
                    (null, { } f) => PromptFileScope.Read(repo, f, outside),
                    (null, null) when review is not null => PullRequestReview.DefaultPrompt,
                    (null, null) => throw new QueueException("no prompt: pass --prompt TEXT or --prompt-file FILE"),
                    _ => throw new QueueException("--prompt and --prompt-file both given: pass one of them"),
                };
                requests = [JobRequests.Request(roleName, text, agentName, pr.GetValue(write), review)];
            }

            using var host = QueueHost.Open(pr, run);

            var jobs = host.Queue.Enqueue(requests);
            Console.WriteLine(jobs.Count == 1
                ? $"enqueued {jobs[0].Id} in run {jobs[0].Run} ({(jobs[0].Pr is { } reviewed ? $"reviews pull request {reviewed}" : jobs[0].Writes ? "writes" : "read-only")}, pending)"
                : jobs.Count == 0
                    ? $"no job in the file: nothing enqueued in run {host.Queue.Run}"
                    : $"enqueued {jobs.Count} jobs in run {host.Queue.Run} ({jobs[0].Id} to {jobs[^1].Id}, {jobs.Count(j => j.Writes)} writing, pending)");
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>
    /// The jobs of a JSON Lines file, every line read and checked before any is enqueued: a bad line is refused with its
    /// file and line number, and nothing is enqueued. Blank lines are passed over.
    /// </summary>
    private static List<JobRequest> ReadBatch(string file, Func<string, string> promptFile)
    {
        if (!File.Exists(file))
        {
            throw new QueueException($"job file {file} not found: pass the path of a JSON Lines file, one job a line");
        }

        var requests = new List<JobRequest>();
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Length > InputLimits.PromptFile.MaxBytes)
            {
                throw new QueueException($"{file}:{number}: the line is longer than a prompt may be (1 MB): put the prompt in a file and name it with \"prompt_file\"; nothing was enqueued");
            }

            try
            {
                requests.Add(JobRequests.Read(line, promptFile));
            }
            catch (QueueException e)
            {
                throw new QueueException($"{file}:{number}: {e.Message}; nothing was enqueued");
            }
        }

        return requests;
    }
}
