using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Safety.SafetySchema))]

namespace Ias.Core.Safety;

/// <summary>Safety's tables in ias.db: each run's breaker, the repository's hourly rate budget, each CLI's usage limit, the calls at work.</summary>
internal sealed class SafetySchema : SchemaPart
{
    private const string Parked = """
        CREATE TABLE usage_parked (
            agent TEXT PRIMARY KEY,
            until TEXT NOT NULL
        );

        """;

    // A call the gate let through, until its cost is recorded: the daily cap counts it for every other engine and runner.
    private const string InFlight = """
        CREATE TABLE calls_in_flight (
            run_id TEXT NOT NULL,
            pid    INTEGER NOT NULL,
            PRIMARY KEY (run_id, pid)
        );

        """;

    public override string Create => Parked + InFlight + """
        CREATE TABLE breaker (
            run_id   TEXT PRIMARY KEY,
            snapshot TEXT NOT NULL
        );
        CREATE TABLE rate_limit (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            snapshot TEXT NOT NULL
        );

        """;

    public override string Upgrade(long version) => version switch
    {
        6 => Parked.Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal),
        8 => InFlight,
        _ => "",
    };
}
