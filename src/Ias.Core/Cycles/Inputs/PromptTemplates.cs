using Ias.Core.Config;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Decisions;

namespace Ias.Core.Cycles.Inputs;

/// <summary>Phase prompts: embedded defaults, overridden per repository by `.ias/prompts/{implement,review,audit}.md`.</summary>
public static class PromptTemplates
{
    /// <summary>The name of <paramref name="phase"/>'s prompt, from its row of <see cref="PhaseFacts"/>.</summary>
    public static string TemplateName(Phase phase) => phase.Facts().Prompt;

    /// <summary>The prompt of a phase as the repository has it now: its override, or the embedded default.</summary>
    public static string Load(string repoRoot, Phase phase)
    {
        var overridePath = OverridePath(repoRoot, phase);
        return File.Exists(overridePath)
            ? InputLimits.PromptFile.ReadText(overridePath, RelativeOverridePath(phase), message => new RunModeException(message))
            : Embedded(phase);
    }

    /// <summary>Where a repository overrides a phase's prompt: `.ias/prompts/NAME.md`.</summary>
    public static string OverridePath(string repoRoot, Phase phase) => Path.Combine(repoRoot, RelativeOverridePath(phase));

    /// <summary>The override's path relative to the repository root, as messages and PR texts name it.</summary>
    public static string RelativeOverridePath(Phase phase) => $".ias/prompts/{TemplateName(phase)}.md";

    /// <summary>The prompt built into ias for a phase.</summary>
    public static string Embedded(Phase phase)
    {
        var name = TemplateName(phase);
        using var stream = typeof(PromptTemplates).Assembly.GetManifestResourceStream($"Ias.Core.Prompts.{name}.md")
            ?? throw new InvalidOperationException($"embedded prompt {name}.md is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string Render(string template, string target, int cycle, string sprint, IReadOnlyList<Finding> findings, string diffSummary) =>
        template
            .Replace("{{target}}", target)
            .Replace("{{cycle}}", cycle.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{{sprint}}", sprint)
            .Replace("{{findings}}", findings.Count == 0
                ? "(none)"
                : string.Join('\n', findings.Select(f => $"- [{f.Id}] ({f.Severity}) {f.Title}{(f.File is null ? "" : $" — {f.File}{(f.Line is null ? "" : $":{f.Line}")}")}")))
            .Replace("{{diff_summary}}", string.IsNullOrWhiteSpace(diffSummary) ? "(no changes yet)" : diffSummary)
            .Replace(AskInstructions.Placeholder, AskInstructions.Text);
}
