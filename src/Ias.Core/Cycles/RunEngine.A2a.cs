using System.Globalization;
using Ias.Core.Git;
using Ias.Core.Safety;

namespace Ias.Core.Cycles;

/// <summary>
/// The run's a2a files: the reviewer's and auditor's feedback after each verdict (taken by the run's next commit), and
/// at completion the COMPLETED marker, committed with them before the branch is pushed so the PR carries both.
/// </summary>
public sealed partial class RunEngine
{
    /// <summary>Where the run's a2a files go; a bug run gives its bug's folder, a sprint's run its `sprint-N` folder.</summary>
    public A2aFolder? A2a { get; init; }

    private A2aFolder Folder => A2a ?? A2aFolder.ForSprint(_run.Target);

    /// <summary>A review's or audit's verdict as its feedback file; it is published with the branch, so it is redacted first.</summary>
    private void WriteFeedback(Phase phase, int cycle, Verdict verdict)
    {
        if (Folder.FeedbackFile(phase) is not { } name)
        {
            return;
        }

        var text = A2aFeedback.Render(_run.Target, phase, cycle, verdict, Now);
        WriteRecord(name, Guardrails.RedactRecord(RunGuardrails.SkillOf(phase), _run.Target, text));
    }

    /// <summary>Review, audit and (if on) the red-team gate passed: the COMPLETED marker and the last feedback in a commit of their own.</summary>
    private void MarkCompleted(string why)
    {
        WriteRecord(A2aFiles.Completed, string.Create(CultureInfo.InvariantCulture,
            $"{_run.Target} COMPLETED {Now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n{why}\nrun {_run.RunId} on {_run.Branch}, {_run.CycleCurrent} cycle(s)\n"));
        CommitRunWork(_ctx.Git.Base(), SprintCommit.Completed(_run.Target, why), _run.CycleCurrent, "COMPLETED marker and feedback");
    }

    /// <summary>The feedback files this sprint has so far, as a list for a prompt (the red team's prior findings, the implementer's notes).</summary>
    private string FeedbackFiles()
    {
        var files = new[] { Folder.ReviewFeedback, A2aFiles.AuditorFeedback }
            .Where(name => File.Exists(Path.Combine(_ctx.RepoRoot, Folder.Path, name)))
            .Select(name => $"- {Folder.PathOf(name)}")
            .ToList();
        return files.Count == 0 ? "(none yet)" : string.Join('\n', files);
    }

    private void WriteRecord(string name, string text)
    {
        if (A2aFiles.Write(_ctx.RepoRoot, Folder.Path, name, SecretRedactor.ForThisProcess().Redact(InertText.Lines(text))) is { } refused)
        {
            RecordRefusal(refused);
        }
    }

    /// <summary>A write into the work tree that ias refused (a linked folder on the way): in the run's events and in ice.log.</summary>
    private void RecordRefusal(string line)
    {
        Event(RunEventKind.Ice, line);
        new IceLog(IceLog.PathFor(_ctx.Paths), _ctx.Clock).Append(["write"], line, _ctx.RepoRoot);
    }
}
