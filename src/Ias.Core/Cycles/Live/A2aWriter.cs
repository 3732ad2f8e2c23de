using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The run's a2a files: the reviewer's and auditor's feedback after each verdict (taken by the run's next commit), and
/// at completion the COMPLETED marker, committed with them before the branch is pushed so the PR carries both.
/// </summary>
internal sealed class A2aWriter(EngineContext ctx, LiveRun live, A2aFolder? given, RunGuardrails guardrails)
{
    /// <summary>Where the run's a2a files go; a bug run gives its bug's folder, a sprint's run its `sprint-N` folder.</summary>
    public A2aFolder Folder => given ?? A2aFolder.ForSprint(live.Run.Target);

    /// <summary>Whether ias wrote <paramref name="repoPath"/> itself (an a2a file, a decision's record), so it is no agent's progress.</summary>
    public bool IsRunRecord(string repoPath) => Folder.IsOwn(repoPath) || DecisionRecordFile.IsRecord(repoPath);

    /// <summary>A review's or audit's verdict as its feedback file; it is published with the branch, so it is redacted first.</summary>
    public void WriteFeedback(Phase phase, int cycle, Verdict verdict)
    {
        if (Folder.FeedbackFile(phase) is not { } name)
        {
            return;
        }

        var text = A2aFeedback.Render(live.Run.Target, phase, cycle, verdict, live.Now);
        Write(name, guardrails.RedactRecord(RunGuardrails.SkillOf(phase), live.Run.Target, text));
    }

    /// <summary>The feedback files this sprint has so far, as a list for a prompt (the red team's prior findings, the implementer's notes).</summary>
    public string FeedbackFiles()
    {
        var files = new[] { Folder.ReviewFeedback, A2aFiles.AuditorFeedback }
            .Where(name => File.Exists(Path.Combine(ctx.WorkTree, Folder.Path, name)))
            .Select(name => $"- {Folder.PathOf(name)}")
            .ToList();
        return files.Count == 0 ? "(none yet)" : string.Join('\n', files);
    }

    /// <summary>Writes <paramref name="name"/> into the run's folder, redacted and inert unless <paramref name="raw"/> (text ias rendered itself).</summary>
    public void Write(string name, string text, bool raw = false)
    {
        if (A2aFiles.Write(ctx.WorkTree, Folder.Path, name, raw ? text : SecretRedactor.ForThisProcess().Redact(InertText.Lines(text))) is { } refused)
        {
            RecordRefusal(refused);
        }
    }

    /// <summary>A write into the work tree that ias refused (a linked folder on the way): in the run's events and in ice.log.</summary>
    public void RecordRefusal(string line)
    {
        live.Event(RunEventKind.Ice, line);
        new IceLog(IceLog.PathFor(ctx.Paths), ctx.Clock).Append(["write"], line, ctx.WorkTree);
    }
}
