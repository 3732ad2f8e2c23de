namespace Ias.Tui.Commands;

/// <summary>The terminal half of --confirm-push: shows the engine's question and reads y/N; with stdin redirected there is no one to ask.</summary>
public static class PushPrompt
{
    public static bool? Ask(string question)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }

        Console.Write(question.TrimEnd() + " ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
