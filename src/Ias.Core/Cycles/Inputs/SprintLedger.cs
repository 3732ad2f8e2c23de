using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Inputs;

/// <summary>
/// The sprints of the Loa sprint ledger (`grimoires/loa/ledger.json`) that a plan runs: those of its active cycle
/// (`active_cycle` names one of `cycles` by `id`), each `sprint-{global_id}` because the a2a folders go by the global
/// number, and completed when its `status` is "completed". Other fields are the ledger tools' own and are not read.
/// </summary>
public sealed record SprintLedger(string Source, IReadOnlyList<PlannedSprint> Sprints)
{
    public const string Path = "grimoires/loa/ledger.json";

    /// <summary>The ledger's sprints, or null when there is no ledger or no active cycle; a malformed ledger throws naming the file.</summary>
    public static SprintLedger? Read(string repoRoot)
    {
        var full = System.IO.Path.Combine(repoRoot, Path);
        if (!File.Exists(full))
        {
            return null;
        }

        var text = InputLimits.SprintPlan.ReadText(full, Path, message => new RunModeException(message));
        JsonDocument doc;
        try
        {
            doc = AgentJson.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line ? $":{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : "";
            throw new RunModeException($"{Path}{at}: the sprint ledger is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}); fix it, or move it away to plan from the a2a folders");
        }

        using (doc)
        {
            return FromJson(repoRoot, doc.RootElement);
        }
    }

    /// <summary>The active cycle's sprints in the ledger's JSON; null when no cycle is active.</summary>
    private static SprintLedger? FromJson(string repoRoot, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"it must be an object (got {Kind(root)})");
        }

        if (!root.TryGetProperty("active_cycle", out var active) || active.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (active.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"active_cycle must be a cycle id or null (got {Kind(active)})");
        }

        if (!root.TryGetProperty("cycles", out var cycles) || cycles.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"cycles must be a list (got {(cycles.ValueKind == JsonValueKind.Undefined ? "nothing" : Kind(cycles))})");
        }

        var id = active.GetString();
        var cycle = cycles.EnumerateArray().FirstOrDefault(c => c.ValueKind == JsonValueKind.Object && Str(c, "id") == id);
        if (cycle.ValueKind == JsonValueKind.Undefined)
        {
            throw Malformed($"active_cycle \"{id}\" is not one of its cycles");
        }

        var sprints = new List<PlannedSprint>();
        if (cycle.TryGetProperty("sprints", out var list) && list.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"the sprints of cycle \"{id}\" must be a list (got {Kind(list)})");
        }

        var label = Str(cycle, "label");
        List<JsonElement> entries = list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];
        foreach (var s in entries)
        {
            if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("global_id", out var g) || !g.TryGetInt32(out var n) || n < 1)
            {
                throw Malformed($"each sprint of cycle \"{id}\" needs a positive integer global_id");
            }

            var local = Str(s, "local_label");
            var heading = $"## Sprint {n}" + (local is null ? "" : $" ({local} of cycle {id}{(label is null ? "" : $": {label}")})");
            sprints.Add(SprintPlan.FromFolder(repoRoot, n, heading, Path, Str(s, "status") == "completed"));
        }

        return new SprintLedger($"{Path} (cycle {id})", sprints);
    }

    private static RunModeException Malformed(string what) =>
        new($"{Path}: the sprint ledger is malformed: {what}; fix it, or move it away to plan from the a2a folders");

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
