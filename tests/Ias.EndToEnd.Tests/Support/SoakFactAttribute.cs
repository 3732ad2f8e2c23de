using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// The soak test, which runs for half an hour: skipped, saying how to run it, unless IAS_SOAK_MINUTES asks for it
/// (scripts/soak.sh does), and skipped with the reason where no PostgreSQL server can be started.
/// </summary>
public sealed class SoakFactAttribute : FactAttribute
{
    /// <summary>How many minutes the soak adds jobs for; unset, the soak is skipped.</summary>
    public const string MinutesVariable = "IAS_SOAK_MINUTES";

    /// <summary>The seed that replays a soak's plan and schedule; unset, a random one, which the soak prints.</summary>
    public const string SeedVariable = "IAS_SOAK_SEED";

    /// <summary>A file the soak also appends its lines to as it goes, so a half-hour run can be watched (scripts/soak.sh follows it).</summary>
    public const string LogVariable = "IAS_SOAK_LOG";

    public SoakFactAttribute()
    {
        Skip = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MinutesVariable))
            ? $"the soak runs for half an hour, only when asked: scripts/soak.sh [MINUTES] (default 30), or {MinutesVariable}=30 dotnet test tests/Ias.EndToEnd.Tests --filter FullyQualifiedName~SoakTests"
            : PostgresCluster.Problem();
    }
}
