using System.Text;
using Ias.Core.Storage;

namespace Ias.Core.Decisions;

/// <summary>The head of the prompt that resumes an agent after a person answered its questions.</summary>
public static class AnswerPrompt
{
    /// <summary>The words that start each answer; an agent (and the simulated one) finds its answer after them.</summary>
    public const string Lead = "The person answered your question";

    /// <summary>The text to put before the step's own prompt; empty when there are no answers.</summary>
    public static string For(IReadOnlyList<Decision> answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        if (answered.Count == 0)
        {
            return "";
        }

        var s = new StringBuilder("# Answers to your questions\n");
        foreach (var d in answered)
        {
            s.Append($"{Lead} ({d.Id}) \"{ShortText.OneLine(d.Question)}\": {ShortText.OneLine(d.Answer ?? "")}\n");
        }

        s.Append("Go on with your task from where you stopped, following these answers. The task is restated below.\n\n");
        return s.ToString();
    }
}
