using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Safety.SafetySchema))]

namespace Ias.Core.Safety;

/// <summary>Safety's tables in ias.db: each run's circuit breaker, and the repository's one hourly rate budget.</summary>
internal sealed class SafetySchema : SchemaPart
{
    public override string Create => """
        CREATE TABLE breaker (
            run_id   TEXT PRIMARY KEY,
            snapshot TEXT NOT NULL
        );
        CREATE TABLE rate_limit (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            snapshot TEXT NOT NULL
        );

        """;
}
