using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ias.Core.Safety;

/// <summary>Replaces API keys and tokens in agent output with <see cref="Mark"/> before the output is logged, stored or shown.</summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret becomes; plain ASCII without quotes or backslashes, so a redacted JSON line stays valid JSON.</summary>
    public const string Mark = "[REDACTED]";

    // Shorter values are too likely to be ordinary words or numbers ("1", "true") that would blank out honest output.
    private const int ShortestValue = 8;

    private static readonly JavaScriptEncoder[] Encoders = [JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping];

    private readonly string[] _values;

    private SecretRedactor(IEnumerable<string> values)
    {
        // Longest first, so a value that contains another is replaced whole.
        _values = [.. values.Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
    }

    /// <summary>Redacts only the well-known key shapes (sk-ant-, sk-, AIza, ghp_, github_pat_, bearer tokens).</summary>
    public static SecretRedactor Patterns { get; } = new([]);

    /// <summary>Redacts the key shapes and the values of every <c>*_API_KEY</c> and <c>*_TOKEN</c> variable in <paramref name="environment"/>.</summary>
    public static SecretRedactor For(IEnumerable<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new List<string>();
        foreach (var (name, value) in environment)
        {
            if (!IsSecretName(name) || value is null || value.Trim().Length < ShortestValue)
            {
                continue;
            }

            values.Add(value);

            // Inside stream-json a value with quotes, slashes or non-ASCII appears escaped; redact it in that form too.
            foreach (var encoder in Encoders)
            {
                var escaped = JsonEncodedText.Encode(value, encoder).Value;
                if (!string.Equals(escaped, value, StringComparison.Ordinal))
                {
                    values.Add(escaped);
                }
            }
        }

        return new SecretRedactor(values);
    }

    /// <summary>The redactor for a child that inherits this process's environment with <paramref name="overlay"/> laid over it.</summary>
    public static SecretRedactor ForChild(IReadOnlyDictionary<string, string> overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? "";
        }

        foreach (var (name, value) in overlay)
        {
            environment[name] = value;
        }

        return For(environment);
    }

    /// <summary>Whether a variable of this name holds a secret: <c>*_API_KEY</c> or <c>*_TOKEN</c>, in any case.</summary>
    public static bool IsSecretName(string name) =>
        name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_TOKEN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The line with every secret replaced by <see cref="Mark"/>; the same instance when there was nothing to replace.</summary>
    public string Redact(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var value in _values)
        {
            if (line.Contains(value, StringComparison.Ordinal))
            {
                line = line.Replace(value, Mark, StringComparison.Ordinal);
            }
        }

        return KeyShapes().Replace(line, m => m.Groups["bearer"].Success ? m.Groups["bearer"].Value + Mark : Mark);
    }

    // Provider key formats as their vendors document them; sk- covers OpenAI's sk-proj- and Anthropic's sk-ant- alike.
    // The lookbehind keeps words such as "task-force" whole; bearer keeps its scheme word so the line still reads.
    [GeneratedRegex(
        @"(?<![A-Za-z0-9_])(?:sk-ant-[A-Za-z0-9_\-]{8,}|sk-[A-Za-z0-9_\-]{20,}|AIza[0-9A-Za-z_\-]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|(?<bearer>(?i:bearer)\s+)[A-Za-z0-9._~+/\-]{8,}=*)",
        RegexOptions.CultureInvariant)]
    private static partial Regex KeyShapes();
}
