using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Safety.SafetySchema))]

namespace Ias.Core.Safety;

/// <summary>Safety's tables in ias.db: each run's circuit breaker, the repository's one hourly rate budget, and each CLI's usage limit.</summary>
internal sealed class SafetySchema : SchemaPart
{
    private const string Parked = """
        CREATE TABLE usage_parked (
            agent TEXT PRIMARY KEY,
            until TEXT NOT NULL
        );

        """;

    public override string Create => Parked + """
        CREATE TABLE breaker (
            run_id   TEXT PRIMARY KEY,
            snapshot TEXT NOT NULL
        );
        CREATE TABLE rate_limit (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            snapshot TEXT NOT NULL
        );

        """;

    public override string Upgrade(long version) => version == 6 ? Parked.Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal) : "";
}
