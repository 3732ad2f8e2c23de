using Ias.Core.Jobs.Records;
using Ias.Core.Notifications;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// The words ias writes of a job's agent: its commit's subject, whose prefix is how a later attempt finds the job's commit,
/// and one-line forms of what the agent said.
/// </summary>
internal static class JobText
{
    /// <summary>The subject's start that names the job: `feat(RUN): job ID — `.</summary>
    public static string CommitPrefix(Job job) => $"feat({job.Run}): job {job.Id} — ";

    public static string CommitSubject(Job job, string finalText) => CommitPrefix(job) + OneLine(finalText, 60);

    /// <summary>The agent's text as one inert line of at most <paramref name="max"/> characters; a placeholder when it said nothing.</summary>
    public static string OneLine(string text, int max = 200) => Notification.OneLine(text, max) is { Length: > 0 } line ? line : "(no final message)";
}
