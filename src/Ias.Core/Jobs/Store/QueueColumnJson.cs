using System.Text.Json.Serialization;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// The JSON of the queue's evidence and history columns, generated at build time so a trimmed native ias reads and writes
/// them without reflection; snake_case as the columns have always held.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobEvidence))]
[JsonSerializable(typeof(IReadOnlyList<JobAttempt>))]
internal sealed partial class QueueColumnJson : JsonSerializerContext;
