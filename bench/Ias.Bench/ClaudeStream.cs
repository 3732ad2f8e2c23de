using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ias.Bench;

/// <summary>Claude Code `stream-json` as an agent prints it while it works: text, tool calls and their results, then one result whose final message holds a passing verdict.</summary>
public static class ClaudeStream
{
    private const string Session = "5d0c6a4e-2f5b-4d8e-9a51-0b9e3c1d7f42";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Sentences =
    [
        "Reading src/greeting/feature.txt to see how the greeting is built before changing it.",
        "The name is interpolated without any check; an empty name gives \"Hello, !\" which the tests do not cover.",
        "Plan: validate in one place, return a clear error, and add a test for the empty case.",
        "3 passed, 1 failed: GreetingSpecs.Empty_name_is_refused (expected an error, got a greeting).",
    ];

    /// <summary>The <paramref name="lines"/> lines of one agent turn, the last being its result.</summary>
    public static IEnumerable<string> Lines(int lines)
    {
        yield return Line(new JsonObject
        {
            ["type"] = "system",
            ["subtype"] = "init",
            ["cwd"] = "/work/repo",
            ["session_id"] = Session,
            ["tools"] = new JsonArray("Read", "Write", "Edit", "Bash"),
            ["model"] = "claude-sonnet-4-5",
            ["permissionMode"] = "bypassPermissions",
            ["apiKeySource"] = "none",
        });
        for (var i = 1; i < lines - 1; i++)
        {
            yield return (i % 3) switch
            {
                0 => Assistant(i, new JsonObject { ["type"] = "text", ["text"] = $"{i}: {Sentences[i % Sentences.Length]}" }),
                1 => Assistant(i, new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = $"toolu_{i:D8}",
                    ["name"] = "Read",
                    ["input"] = new JsonObject { ["file_path"] = $"/work/repo/src/module{i % 97}/file{i % 13}.cs" },
                }),
                _ => Line(new JsonObject
                {
                    ["type"] = "user",
                    ["message"] = new JsonObject
                    {
                        ["role"] = "user",
                        ["content"] = new JsonArray(new JsonObject
                        {
                            ["tool_use_id"] = $"toolu_{i - 1:D8}",
                            ["type"] = "tool_result",
                            ["content"] = $"     1\tnamespace Module{i % 97};\n     2\t\n     3\tpublic sealed class File{i % 13} {{ }}\n",
                            ["is_error"] = false,
                        }),
                    },
                    ["parent_tool_use_id"] = null,
                    ["session_id"] = Session,
                }),
            };
        }

        yield return Line(new JsonObject
        {
            ["type"] = "result",
            ["subtype"] = "success",
            ["is_error"] = false,
            ["num_turns"] = 12, // API calls, which the rate limiter counts; a long turn is still a dozen calls
            ["result"] = "Done.\n\n```json\n{\"verdict\": \"pass\", \"findings\": []}\n```",
            ["session_id"] = Session,
            ["total_cost_usd"] = 0.5,
            ["usage"] = new JsonObject { ["input_tokens"] = 1000, ["output_tokens"] = 2000 },
        });
    }

    private static string Assistant(int i, JsonObject block) => Line(new JsonObject
    {
        ["type"] = "assistant",
        ["message"] = new JsonObject
        {
            // One API response carries many content blocks under one id; the rate limiter counts responses.
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"msg_{i / 50_000:D8}"),
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-sonnet-4-5",
            ["content"] = new JsonArray(block),
        },
        ["parent_tool_use_id"] = null,
        ["session_id"] = Session,
    });

    private static string Line(JsonObject o) => o.ToJsonString(Json);
}
