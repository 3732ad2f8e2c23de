using System.Globalization;
using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Findings;

/// <summary>The RED_TEAM_CODE gate's own counter, separate from the circuit breaker: `.run/state.json`'s `red_team_code` block (002).</summary>
public sealed record RedTeamCodeState(int Cycles, int MaxCycles, int FindingsTotal, int DivergencesFound, string? LastFindingsHash)
{
    public static RedTeamCodeState Fresh(int maxCycles) => new(0, maxCycles, 0, 0, null);

    /// <summary>The gate has sent the work back as often as it may: it warns and lets the run complete.</summary>
    public bool Exhausted => Cycles >= MaxCycles;

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("cycles", Cycles);
        w.WriteNumber("max_cycles", MaxCycles);
        w.WriteNumber("findings_total", FindingsTotal);
        w.WriteNumber("divergences_found", DivergencesFound);
        JsonText.WriteNullable(w, "last_findings_hash", LastFindingsHash);
        w.WriteEndObject();
    }

    /// <summary>Reads the block; the original tools may write only some of its fields, so each one missing takes its starting value.</summary>
    internal static RedTeamCodeState Read(FieldReader o) => new(
        o.Has("cycles") ? o.Int("cycles") : 0,
        o.Has("max_cycles") ? o.Int("max_cycles") : Config.RedTeamConfig.Defaults.MaxCycles,
        o.Has("findings_total") ? o.Int("findings_total") : 0,
        o.Has("divergences_found") ? o.Int("divergences_found") : 0,
        o.OptionalString("last_findings_hash"));
}

/// <summary>One finding of the red team: how sure it is that the code diverges from the design, and how much that matters (0–1000).</summary>
public sealed record RedTeamFinding(string Id, string Classification, int Severity, string Title, string? File, int? Line, string? DesignRef)
{
    public const string Confirmed = "CONFIRMED_DIVERGENCE";

    /// <summary>Only a confirmed divergence above the threshold sends the work back (red_team.code_vs_design.severity_threshold).</summary>
    public bool IsActionable(int threshold) => Classification == Confirmed && Severity > threshold;

    /// <summary>As a finding for the implementer's next prompt and the findings table.</summary>
    public Finding AsFinding() =>
        new(Id, Severity.ToString(CultureInfo.InvariantCulture), $"{Title}{(DesignRef is null ? "" : $" (design: {DesignRef})")}", File, Line);
}

/// <summary>Reads the red team's fenced json report and writes it as `red-team-code-findings.json` with its summary.</summary>
public static class RedTeamReport
{
    /// <summary>The findings of the last ```json block of <paramref name="finalMessage"/>, or null with the reason in <paramref name="error"/>.</summary>
    public static IReadOnlyList<RedTeamFinding>? Parse(string? finalMessage, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(finalMessage) || VerdictParser.LastJsonBlock(finalMessage) is not { } json)
        {
            error = "the final message has no ```json findings block";
            return null;
        }

        try
        {
            using var doc = AgentJson.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "the findings block has no \"findings\" list";
                return null;
            }

            var findings = new List<RedTeamFinding>();
            foreach (var f in list.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
            {
                findings.Add(new RedTeamFinding(
                    VerdictParser.Str(f, "id") ?? $"RT{findings.Count + 1}",
                    VerdictParser.Str(f, "classification") ?? "UNCLASSIFIED",
                    f.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) ? Math.Clamp(n, 0, 1000) : 0,
                    VerdictParser.Str(f, "title") ?? "(untitled)",
                    VerdictParser.Str(f, "file"),
                    f.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var line) ? line : null,
                    VerdictParser.Str(f, "design_ref")));
            }

            return findings;
        }
        catch (JsonException ex)
        {
            error = $"the findings block is not valid JSON ({ex.Message.Split('.')[0]})";
            return null;
        }
    }

    /// <summary>`grimoires/loa/a2a/SPRINT/red-team-code-findings.json`: every finding, and the summary whose `actionable` count decides the gate.</summary>
    public static string Render(string sprint, int cycle, IReadOnlyList<RedTeamFinding> findings, int threshold) => JsonText.Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("sprint", sprint);
        w.WriteNumber("cycle", cycle);
        JsonText.WriteObjects(w, "findings"u8, findings, static (w, f) =>
        {
            w.WriteString("id", f.Id);
            w.WriteString("classification", f.Classification);
            w.WriteNumber("severity", f.Severity);
            w.WriteString("title", f.Title);
            JsonText.WriteNullable(w, "file", f.File);
            if (f.Line is { } line)
            {
                w.WriteNumber("line", line);
            }

            JsonText.WriteNullable(w, "design_ref", f.DesignRef);
        });
        w.WriteStartObject("summary");
        w.WriteNumber("total", findings.Count);
        w.WriteNumber("confirmed_divergences", findings.Count(f => f.Classification == RedTeamFinding.Confirmed));
        w.WriteNumber("actionable", findings.Count(f => f.IsActionable(threshold)));
        w.WriteNumber("severity_threshold", threshold);
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
