using System.Text.Json;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>The `.run/` file schemas of the Run Mode protocol, field by field, as (dotted path, JSON kinds allowed).</summary>
public static class Schema
{
    public static readonly (string Path, JsonValueKind[] Kinds)[] State =
    [
        ("run_id", [JsonValueKind.String]),
        ("target", [JsonValueKind.String]),
        ("branch", [JsonValueKind.String]),
        ("state", [JsonValueKind.String]),
        ("phase", [JsonValueKind.String]),
        ("timestamps.started", [JsonValueKind.String]),
        ("timestamps.last_activity", [JsonValueKind.String]),
        ("cycles.current", [JsonValueKind.Number]),
        ("cycles.limit", [JsonValueKind.Number]),
        ("cycles.history", [JsonValueKind.Array]),
        ("metrics.files_changed", [JsonValueKind.Number]),
        ("metrics.commits", [JsonValueKind.Number]),
        ("metrics.findings_fixed", [JsonValueKind.Number]),
    ];

    public static readonly (string Path, JsonValueKind[] Kinds)[] Breaker =
    [
        ("state", [JsonValueKind.String]),
        ("triggers.same_issue.count", [JsonValueKind.Number]),
        ("triggers.same_issue.last_hash", [JsonValueKind.String, JsonValueKind.Null]),
        ("triggers.no_progress.count", [JsonValueKind.Number]),
        ("triggers.cycle_count.current", [JsonValueKind.Number]),
        ("triggers.cycle_count.limit", [JsonValueKind.Number]),
        ("triggers.timeout.started", [JsonValueKind.String]),
        ("triggers.timeout.limit_hours", [JsonValueKind.Number]),
        ("history", [JsonValueKind.Array]),
    ];

    public static readonly (string Path, JsonValueKind[] Kinds)[] RateLimit =
    [
        ("current_hour", [JsonValueKind.String]),
        ("calls_this_hour", [JsonValueKind.Number]),
        ("limit", [JsonValueKind.Number]),
        ("consecutive_waits", [JsonValueKind.Number]),
    ];

    /// <summary>Every field present with an allowed kind; returns the parsed document's root for further checks.</summary>
    public static JsonElement AssertMatches(string file, (string Path, JsonValueKind[] Kinds)[] schema)
    {
        var root = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        foreach (var (path, kinds) in schema)
        {
            var node = At(root, path);
            Assert.True(node is not null, $"{file}: missing {path}");
            Assert.True(kinds.Contains(node.Value.ValueKind), $"{file}: {path} is {node.Value.ValueKind}, expected {string.Join("|", kinds)}");
        }

        return root;
    }

    public static JsonElement? At(JsonElement root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out node))
            {
                return null;
            }
        }

        return node;
    }
}
