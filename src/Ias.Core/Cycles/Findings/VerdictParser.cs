using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Findings;

/// <summary>Reads the fenced ```json verdict block at the end of a reviewer's final message (never tool output).</summary>
public static partial class VerdictParser
{
    /// <summary>The last well-formed verdict block in <paramref name="finalMessage"/>, or null with the reason in <paramref name="error"/>.</summary>
    public static Verdict? Parse(string? finalMessage, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(finalMessage))
        {
            error = "the final message is empty";
            return null;
        }

        if (LastJsonBlock(finalMessage) is not { } json)
        {
            error = "the final message has no ```json verdict block";
            return null;
        }

        try
        {
            using var doc = AgentJson.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("verdict", out var v) || v.ValueKind != JsonValueKind.String)
            {
                error = "the verdict block has no \"verdict\" string";
                return null;
            }

            var findings = Findings(root);

            switch (v.GetString())
            {
                case "pass":
                    return Verdict.Pass;
                case "findings" when findings.Count > 0:
                    return new Verdict(false, findings);
                case "findings":
                    error = "the verdict is \"findings\" but the findings list is empty";
                    return null;
                default:
                    error = $"the verdict \"{v.GetString()}\" is neither \"pass\" nor \"findings\"";
                    return null;
            }
        }
        catch (JsonException ex)
        {
            error = $"the verdict block is not valid JSON ({ex.Message.Split('.')[0]})";
            return null;
        }
    }

    /// <summary>The block's findings, each object numbered in order (F1, F2, …) when it has no id; what is not an object is skipped.</summary>
    private static List<Finding> Findings(JsonElement root)
    {
        var findings = new List<Finding>();
        if (root.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var n = 0;
            foreach (var f in list.EnumerateArray())
            {
                n++;
                if (f.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                findings.Add(new Finding(
                    Str(f, "id") ?? $"F{n}",
                    Str(f, "severity") ?? "unknown",
                    Str(f, "title") ?? "(untitled)",
                    Str(f, "file"),
                    f.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number && line.TryGetInt32(out var l) ? l : null));
            }
        }

        return findings;
    }

    /// <summary>
    /// The body of the last fenced ```json block: the verdict ends the message, so quoted examples earlier in the text
    /// don't count. Null when there is none.
    /// </summary>
    internal static string? LastJsonBlock(string text) =>
        FencedJson().Matches(text) is { Count: > 0 } blocks ? blocks[^1].Groups["body"].Value : null;

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    [GeneratedRegex(@"```json[ \t]*\r?\n(?<body>.*?)\r?\n[ \t]*```", RegexOptions.Singleline)]
    private static partial Regex FencedJson();
}
