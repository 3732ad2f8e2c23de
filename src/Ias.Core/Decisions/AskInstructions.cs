namespace Ias.Core.Decisions;

/// <summary>What every step's prompt tells the agent about asking a person (the templates' {{ask}}).</summary>
public static class AskInstructions
{
    public const string Placeholder = "{{ask}}";

    /// <summary>The command an agent asks with: the one shell command every role's tool permissions open.</summary>
    public const string Command = "ias ask";

    public const string Text = """
        # Asking a person
        If a real ambiguity blocks the work (the task can be read two ways that lead to different results, or a choice only the project's owner can make), ask instead of guessing: run `ias ask "YOUR QUESTION"` with one clear question that names the options you see, then end your turn at once with one line saying you asked. The answer comes in your next prompt. Do not ask about anything you can decide from the code, the task or common practice, and do not ask to confirm work you can check yourself.
        """;
}
