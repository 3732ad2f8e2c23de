namespace Ias.Core.Config;

/// <summary>
/// How large the files a person (or an agent editing them) hands ias may be, each in this one place. Every limit lies far
/// beyond what real use writes, and far below what would make ias use gigabytes of memory or minutes of time on a
/// pathological file: such a file is refused with one line, before it is read.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// A job's `--prompt-file` and the prompt templates in `.ias/prompts/`. A prompt is instructions a person writes:
    /// 1 MB is about 250,000 tokens, more than an agent's whole context window takes, so anything larger is data that
    /// belongs in a file of the repository the agent reads.
    /// </summary>
    public static InputLimit PromptFile { get; } = new("prompt file", 1024 * 1024,
        "keep the prompt to instructions and put the material in a file of the repository for the agent to read");

    /// <summary>
    /// The sprint plan (ias.sprint_plan). A plan of a hundred sprints of a page each is well under 1 MB, and each sprint's
    /// section becomes part of a prompt, where the prompt's own limit applies.
    /// </summary>
    public static InputLimit SprintPlan { get; } = new("sprint plan", 1024 * 1024,
        "split it into shorter plans, or keep each sprint's section short and name the files that hold the details");

    /// <summary>
    /// `.loa.config.yaml`. It holds settings for ias and a few other tools; real ones are a few KB, so 256 KB leaves room
    /// for long comments and other tools' sections while a parser never meets megabytes of YAML.
    /// </summary>
    public static InputLimit ConfigFile { get; } = new("config file", 256 * 1024,
        "it holds settings, not data: remove what is not configuration");

    /// <summary>
    /// How deep YAML collections may nest in `.loa.config.yaml`. ias's own keys nest four levels at most and hand-written
    /// sections of other tools rarely pass ten; 64 stops a file of thousands of nested `[` or maps while the parser reads it,
    /// long before a deep tree is built (or a recursive walk of it runs out of stack).
    /// </summary>
    public const int YamlDepth = 64;
}
