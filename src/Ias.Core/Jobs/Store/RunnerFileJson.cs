using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>The JSON of the runner folder's own files (an attempt's result.json, config.json): snake_case and indented.</summary>
/// <remarks>Generated at build time, so a trimmed native ias writes them without reflection.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(JobResult))]
[JsonSerializable(typeof(RunnerConfigFile))]
internal sealed partial class RunnerFileJson : JsonSerializerContext
{
    // Read by people in a terminal, never embedded in HTML: "+" and "é" stay as they are; LF newlines on every system.
    private static readonly RunnerFileJson Files = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>An attempt's result.json, as text with a final newline.</summary>
    public static string Render(JobResult result) => JsonSerializer.Serialize(result, Files.JobResult) + "\n";

    /// <summary>runner/config.json, as text with a final newline.</summary>
    public static string Render(RunnerConfigFile config) => JsonSerializer.Serialize(config, Files.RunnerConfigFile) + "\n";

    /// <summary>A result.json read back; null when it does not read as one.</summary>
    public static JobResult? ReadResult(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, Files.JobResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>runner/config.json: the settings the runner works with (ias.queue's retries and the lease).</summary>
/// <param name="Run">The queue run's name.</param>
/// <param name="Retry">How a failed attempt is retried.</param>
/// <param name="LeaseMinutes">How long a claim holds a job without a heartbeat.</param>
public sealed record RunnerConfigFile(string Run, RetryFile Retry, double LeaseMinutes)
{
    /// <summary>The file for queue run <paramref name="run"/> under <paramref name="config"/>.</summary>
    public static RunnerConfigFile Of(string run, QueueConfig config) =>
        new(run, new RetryFile(config.MaxAttempts, config.BackoffBase.TotalSeconds, config.MaxBackoff.TotalSeconds), config.Lease.TotalMinutes);
}

/// <summary>config.json's retry settings: attempts in all, the first backoff, and the longest.</summary>
public sealed record RetryFile(int MaxAttempts, double BackoffSeconds, double MaxBackoffSeconds);
