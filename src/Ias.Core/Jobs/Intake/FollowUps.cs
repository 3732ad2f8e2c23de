using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// Follow-up jobs an agent asks for: during its turn it writes each as one JSON file (as <see cref="JobRequests"/> reads)
/// into the folder named by IAS_FOLLOW_UPS, and when its job is done they are queued with the job's completion, in one
/// transaction. Bounded, so an agent cannot fill the queue: at most <see cref="PerJob"/> a job, chains at most
/// <see cref="MaxDepth"/> jobs deep, and ias.queue.follow_ups.max_per_run in a run; a follow-up never writes unless its
/// job did and the config allows it (<see cref="FollowUpRules"/>); a `prompt_file` must lie in the repository.
/// </summary>
public static class FollowUps
{
    /// <summary>Follow-up files read from one job; more are refused.</summary>
    public const int PerJob = 10;

    /// <summary>How many follow-ups may follow one another from a job someone enqueued.</summary>
    public const int MaxDepth = 5;

    /// <summary>The environment variable that names the folder, for the agent.</summary>
    public const string Variable = "IAS_FOLLOW_UPS";

    /// <summary>What the agent is told at the end of its prompt.</summary>
    public static string Instructions => $$"""


        ---
        To queue follow-up work that should run after this job, write each job as one JSON file, such as
        {"role": "reviewer", "prompt": "Review ...", "write": false}, into the folder named by the environment variable
        {{Variable}}. They are queued only if this job succeeds; at most {{PerJob}}.
        """;

    /// <summary>Entries of the folder looked at; a folder of thousands costs no more than this many.</summary>
    public const int MaxEntries = 1000;

    /// <summary>
    /// The jobs the files in <paramref name="folder"/> ask for, in name order, and one line for each file refused;
    /// <paramref name="depth"/> is how deep the finished job is in a chain of follow-ups (0: someone enqueued it), and
    /// <paramref name="rules"/> what its follow-ups may be (read-only ones only, when not given). The agent could have put
    /// anything in the folder, so every file is read as data (<see cref="AgentFile"/>): no link, FIFO or hard link is read.
    /// </summary>
    public static (IReadOnlyList<JobRequest> Jobs, IReadOnlyList<string> Refused) Read(string folder, string repoRoot, int depth, FollowUpRules? rules = null)
    {
        rules ??= new FollowUpRules(ParentWrites: false, WritingAllowed: false, Left: int.MaxValue);
        var (entries, unlisted) = AgentFile.Entries(folder, MaxEntries);
        var files = entries.Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        var jobs = new List<JobRequest>();
        var refused = unlisted.Select(line => $"follow-up refused: {line}").ToList();
        if (files.Count > 0 && depth + 1 > MaxDepth)
        {
            refused.Add($"{files.Count} follow-up(s) refused: a chain of follow-ups is at most {MaxDepth} jobs deep");
            return (jobs, refused);
        }

        foreach (var file in files)
        {
            var name = AgentFile.Shown(Path.GetFileName(file));
            if (jobs.Count == PerJob)
            {
                refused.Add($"follow-up {name} refused: a job may queue at most {PerJob}");
                continue;
            }

            if (jobs.Count == rules.Left)
            {
                refused.Add($"follow-up {name} refused: the run has queued as many follow-ups as ias.queue.follow_ups.max_per_run allows; enqueue more yourself if they are wanted");
                continue;
            }

            var read = AgentFile.Read(file, InputLimits.PromptFile.MaxBytes, under: folder);
            if (read.Refused is { } why)
            {
                refused.Add($"follow-up {name} refused: {why}");
                continue;
            }

            try
            {
                var job = JobRequests.FromRepository(read.Bytes!, repoRoot);
                if (job.Writes && WritingProblem(rules) is { } problem)
                {
                    refused.Add($"follow-up {name} refused: it would write ({job.Role}), {problem}");
                    continue;
                }

                jobs.Add(job);
            }
            catch (QueueException e)
            {
                refused.Add($"follow-up {name} refused: {e.Message}");
            }
        }

        return (jobs, refused);
    }

    /// <summary>Why a writing follow-up may not be queued; null when it may.</summary>
    private static string? WritingProblem(FollowUpRules rules) =>
        !rules.ParentWrites ? "and a read-only job queues only read-only jobs; ask for \"write\": false, or enqueue the writing job yourself"
        : !rules.WritingAllowed ? "and writing follow-ups are off; set ias.queue.follow_ups.writing: true to allow a writing job to queue them"
        : null;
}
