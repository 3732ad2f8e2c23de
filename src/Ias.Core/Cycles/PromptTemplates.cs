using Ias.Core.Config;

namespace Ias.Core.Cycles;

/// <summary>Phase prompts: embedded defaults, overridden per repository by `.ias/prompts/{implement,review,audit}.md`.</summary>
public static class PromptTemplates
{
    public static string TemplateName(Phase phase) => phase switch
    {
        Phase.Implement => "implement",
        Phase.Review => "review",
        Phase.Audit => "audit",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "no prompt for this phase"),
    };

    public static string Load(string repoRoot, Phase phase)
    {
        var name = TemplateName(phase);
        var overridePath = Path.Combine(repoRoot, ".ias", "prompts", name + ".md");
        if (File.Exists(overridePath))
        {
            return InputLimits.PromptFile.ReadText(overridePath, $".ias/prompts/{name}.md", message => new RunModeException(message));
        }

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
            .Replace("{{diff_summary}}", string.IsNullOrWhiteSpace(diffSummary) ? "(no changes yet)" : diffSummary);
}
