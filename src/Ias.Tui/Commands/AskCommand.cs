using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Decisions;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias ask "QUESTION"`: an agent asks a person. Run inside an agent's turn, where the engine names a file in the turn's
/// scratch folder (the one place the box lets it write); the engine reads it when the turn ends and waits for the answer.
/// </summary>
public static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "One clear question, naming the options you see" };
        var cmd = new Command("ask", "Ask a person a question from inside an agent's turn; the answer comes in the next prompt") { question };
        cmd.SetAction(pr =>
        {
            var text = pr.GetValue(question)?.Trim() ?? "";
            if (text.Length == 0)
            {
                throw new RunModeException("the question is empty; give it in quotes: ias ask \"Which of A or B?\"");
            }

            if (Environment.GetEnvironmentVariable(AskFile.Variable) is not { Length: > 0 } file)
            {
                throw new RunModeException($"`ias ask` works only inside an agent's turn of a run ({AskFile.Variable} is not set); outside one, ask the person directly");
            }

            AskFile.Append(file, text);
            Console.WriteLine("Question recorded for a person. End your turn now, without guessing the answer: it comes in your next prompt.");
            return 0;
        });
        return cmd;
    }
}
