using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Bugs;

/// <summary>What triage reports in the fenced ```json block that ends its final message: suspects, confidence signals and the micro-sprint.</summary>
public sealed partial record TriageReport(
    IReadOnlyList<string> SuspectedFiles,
    string ReproductionStrength,
    string TestType,
    string RiskLevel,
    string MicroSprint)
{
    private static readonly string[] Strengths = ["strong", "weak", "manual_only"];
    private static readonly string[] TestTypes = ["unit", "integration", "e2e", "contract"];
    private static readonly string[] RiskLevels = ["low", "medium", "high"];

    /// <summary>The last ```json block of <paramref name="finalMessage"/>, or null with the reason in <paramref name="error"/>.</summary>
    public static TriageReport? Parse(string? finalMessage, out string? error)
    {
        error = null;
        var blocks = FencedJson().Matches(finalMessage ?? "");
        if (blocks.Count == 0)
        {
            error = "the triage's final message has no ```json triage block";
            return null;
        }

        try
        {
            using var doc = AgentJson.Parse(blocks[^1].Groups["body"].Value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the triage block is not a JSON object";
                return null;
            }

            var files = root.TryGetProperty("suspected_files", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            // Unknown or missing signals fall to the cautious end of their scales rather than failing the run.
            return new TriageReport(
                files,
                OneOf(root, "reproduction_strength", Strengths, "weak"),
                OneOf(root, "test_type", TestTypes, "unit"),
                OneOf(root, "risk_level", RiskLevels, "medium"),
                root.TryGetProperty("micro_sprint", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "");
        }
        catch (JsonException e)
        {
            error = $"the triage block is not valid JSON ({e.Message.Split('.')[0]})";
            return null;
        }
    }

    private static string OneOf(JsonElement root, string name, string[] allowed, string fallback) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && allowed.Contains(v.GetString()) ? v.GetString()! : fallback;

    [GeneratedRegex(@"```json[ \t]*\r?\n(?<body>.*?)\r?\n[ \t]*```", RegexOptions.Singleline)]
    private static partial Regex FencedJson();
}
