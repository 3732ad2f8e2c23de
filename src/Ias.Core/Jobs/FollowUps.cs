namespace Ias.Core.Jobs;

/// <summary>
/// Follow-up jobs an agent asks for: during its turn it writes each as one JSON file (as <see cref="JobRequests"/> reads)
/// into the folder named by IAS_FOLLOW_UPS, and when its job is done they are queued with the job's completion, in one
/// transaction. Bounded, so an agent cannot fill the queue: at most <see cref="PerJob"/> a job and chains at most
/// <see cref="MaxDepth"/> jobs deep; a `prompt_file` must lie in the repository.
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

    /// <summary>
    /// The jobs the files in <paramref name="folder"/> ask for, in name order, and one line for each file refused;
    /// <paramref name="depth"/> is how deep the finished job is in a chain of follow-ups (0: someone enqueued it).
    /// </summary>
    public static (IReadOnlyList<JobRequest> Jobs, IReadOnlyList<string> Refused) Read(string folder, string repoRoot, int depth)
    {
        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        var jobs = new List<JobRequest>();
        var refused = new List<string>();
        if (files.Count > 0 && depth + 1 > MaxDepth)
        {
            refused.Add($"{files.Count} follow-up(s) refused: a chain of follow-ups is at most {MaxDepth} jobs deep");
            return (jobs, refused);
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (jobs.Count == PerJob)
            {
                refused.Add($"follow-up {name} refused: a job may queue at most {PerJob}");
                continue;
            }

            try
            {
                jobs.Add(JobRequests.FromRepository(JobRequests.FileBytes(file), repoRoot));
            }
            catch (QueueException e)
            {
                refused.Add($"follow-up {name} refused: {e.Message}");
            }
        }

        return (jobs, refused);
    }
}
