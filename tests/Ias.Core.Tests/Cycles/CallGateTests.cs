using System.Diagnostics;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Cycles;

/// <summary>The daily cap across the engines of one repository: a call one let through counts for the others until it is recorded.</summary>
public sealed class CallGateTests : IDisposable
{
    private readonly TempDir _dir = new();

    public CallGateTests() =>
        File.WriteAllText(_dir.Combine(".loa.config.yaml"), "ias:\n  budget:\n    daily_usd: 1.00\n");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_call_at_work_for_one_run_counts_against_the_daily_cap_of_a_run_beside_it_until_it_ends()
    {
        using var first = new TestEngine(_dir.Path, new CountingAgent());
        using var second = new TestEngine(_dir.Path, new CountingAgent()); // another engine: its own connection to ias.db
        Spent(first, "run-a", 0.30m);
        Spent(first, "run-b", 0.30m);

        Assert.Null(Ask(first, "run-a")); // $0.60 today, and run-a's next call may cost $0.30

        var refused = Ask(second, "run-b");
        Assert.Equal(CallRefusalKind.OverBudget, refused?.Kind);
        Assert.Equal(
            "budget: this repository's agents spent $0.60, 1 call(s) at work beside this one may cost up to $0.30 more, and the next call may cost up to $0.30, against the cap per UTC day of $1.00 (ias.budget.daily_usd); raise ias.budget.daily_usd in .loa.config.yaml, then `ias run-resume --reload-config`, or `ias run-resume` after 00:00 UTC",
            refused?.Line);

        first.Context.Safety.CallEnded("run-a"); // its turn never reached the agent: nothing was spent
        Assert.Null(Ask(second, "run-b"));
        Assert.Equal(1, first.Context.Safety.CallsBeside("run-a")); // run-b's call is at work now
    }

    [Fact]
    public void A_call_left_at_work_by_a_killed_engine_counts_no_more()
    {
        using var engine = new TestEngine(_dir.Path, new CountingAgent());
        Spent(engine, "run-a", 0.30m);
        Spent(engine, "run-b", 0.30m);
        using (var gone = Process.Start(new ProcessStartInfo("true"))!)
        {
            gone.WaitForExit();
            using var raw = new SqliteConnection($"Data Source={engine.Context.Paths.Database};Pooling=False");
            raw.Open();
            using var insert = raw.CreateCommand();
            insert.CommandText = $"INSERT INTO calls_in_flight (run_id, pid) VALUES ('run-a', {gone.Id});";
            insert.ExecuteNonQuery();
        }

        Assert.Null(Ask(engine, "run-b"));
        Assert.Equal(1, engine.Context.Safety.CallsBeside("run-a")); // run-b's own; the killed engine's row is gone
    }

    private static CallRefusal? Ask(TestEngine engine, string run) =>
        CallGate.Ask(engine.Context, CallGate.Rate(engine.Context), run, "claude");

    private static void Spent(TestEngine engine, string run, decimal usd)
    {
        var at = DateTimeOffset.UtcNow;
        engine.Context.Runs.AddAgentCall(new AgentCallRecord(run, 1, Phase.Implement, "implementer", "claude", null, at, at, 0, "success", 1, 100, 10, usd, ""));
    }
}
