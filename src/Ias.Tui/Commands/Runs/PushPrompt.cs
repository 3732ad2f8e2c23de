namespace Ias.Tui.Commands.Runs;

/// <summary>How ias asks a person y/N at the terminal (--confirm-push, `ias init-repo`); with stdin redirected there is no one to ask.</summary>
public static class PushPrompt
{
    /// <summary>Whether a person can answer: stdin is a terminal, not a pipe or a file.</summary>
    public static bool CanAsk => !Console.IsInputRedirected;

    /// <summary>Shows the question and reads the answer: true for y or yes; null when there is no one to ask.</summary>
    public static bool? Ask(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (!CanAsk)
        {
            return null;
        }

        Console.Write(question.TrimEnd() + " ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
