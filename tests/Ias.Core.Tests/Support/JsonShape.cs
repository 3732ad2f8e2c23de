using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ias.Core.Tests.Support;

/// <summary>Contract checks of the `.run/` JSON files against the original Run Mode tools' examples.</summary>
internal static partial class JsonShape
{
    /// <summary>Every field path of the example exists in the actual document with the same JSON type.</summary>
    public static void Assert(string example, string actual, string? nullable = null)
    {
        using var expectedDoc = JsonDocument.Parse(example);
        using var actualDoc = JsonDocument.Parse(actual);
        AssertShape(expectedDoc.RootElement, actualDoc.RootElement, "", nullable);
    }

    private static void AssertShape(JsonElement expected, JsonElement actual, string path, string? nullable)
    {
        if (nullable is not null && path.EndsWith("." + nullable, StringComparison.Ordinal) && actual.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path} should be an object, is {actual.ValueKind}");
                foreach (var field in expected.EnumerateObject())
                {
                    var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                    Xunit.Assert.True(actual.TryGetProperty(field.Name, out var value), $"missing {at}");
                    AssertShape(field.Value, value, at, nullable);
                }

                break;
            case JsonValueKind.Array:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path} should be an array, is {actual.ValueKind}");
                Xunit.Assert.True(actual.GetArrayLength() > 0, $"{path} is empty, so its items cannot be checked");
                var i = 0;
                foreach (var item in actual.EnumerateArray())
                {
                    // An example with as many items as the file is compared item by item (the sprint plan's list mixes shapes by status).
                    var model = expected.GetArrayLength() == actual.GetArrayLength() ? expected[i] : expected[0];
                    AssertShape(model, item, $"{path}[{i++}]", nullable);
                }

                break;
            case JsonValueKind.String:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.String, $"{path} should be a string, is {actual.ValueKind}");
                if (IsTimestamp(expected.GetString()!) || path.EndsWith("timestamp", StringComparison.Ordinal))
                {
                    Xunit.Assert.Matches(IsoUtc(), actual.GetString()!);
                }
                else if (expected.GetString()!.All(c => char.IsUpper(c) || c == '_'))
                {
                    Xunit.Assert.Matches("^[A-Z_]+$", actual.GetString()!);
                }

                break;
            case JsonValueKind.Number:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.Number, $"{path} should be a number, is {actual.ValueKind}");
                if (expected.TryGetInt64(out _))
                {
                    Xunit.Assert.True(actual.TryGetInt64(out _), $"{path} should be an integer like the original tools' example, is {actual.GetRawText()}");
                }

                break;
            case JsonValueKind.Null:
                // The examples show null for "none yet"; ias writes null or a string there.
                Xunit.Assert.True(actual.ValueKind is JsonValueKind.Null or JsonValueKind.String, $"{path} should be null or a string, is {actual.ValueKind}");
                break;
            default:
                Xunit.Assert.Equal(expected.ValueKind, actual.ValueKind);
                break;
        }
    }

    private static bool IsTimestamp(string s) => IsoUtc().IsMatch(s);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")]
    private static partial Regex IsoUtc();
}
