using System.Text.Json;
using Ias.Core.Sandbox;

namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>What claude's `apiKeyHelper` setting, the shell command it runs for its key, needs from outside its box.</summary>
/// <remarks>
/// Claude sets the variables of its settings' `env` object itself, taking each value as written, so those need nothing
/// from outside; the helper is a shell command run in claude's environment, and the variables it uses must be there.
/// </remarks>
internal static class ClaudeKeyHelper
{
    /// <summary>The variables the `apiKeyHelper` command of a settings.json text uses; none when there is none or the text is not JSON.</summary>
    public static IEnumerable<string> Variables(string settings) => Command(settings) is { } command ? KeyNames.References(command) : [];

    /// <summary>The paths in the home, as "~/…", the `apiKeyHelper` command names (`~/bin/key.sh`, `$HOME/bin/key.sh`).</summary>
    public static IEnumerable<string> HomeFiles(string settings) =>
        (Command(settings) ?? "").Split([' ', '\t', '\n', ';', '|', '&', '(', ')', '<', '>', '\'', '"', '`'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.StartsWith("$HOME/", StringComparison.Ordinal) ? "~/" + w[6..] : w.StartsWith("${HOME}/", StringComparison.Ordinal) ? "~/" + w[8..] : w)
            .Where(w => w.StartsWith("~/", StringComparison.Ordinal) && w.Length > 2);

    /// <summary>The `apiKeyHelper` command of a settings.json text, if it has one.</summary>
    public static string? Command(string settings) =>
        KeyNames.Json(settings) is { ValueKind: JsonValueKind.Object } root
        && root.TryGetProperty("apiKeyHelper", out var helper) && helper.ValueKind == JsonValueKind.String
            ? helper.GetString()
            : null;
}
