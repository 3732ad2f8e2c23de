using Ias.Core.Config;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// The shared queue's one data policy: the first to set it (`ias new-run --data-policy`, or the first runner from its
/// configuration) sets it for the whole team, and every checkout's store writes under it from then on, whatever that
/// checkout's own ias.data_policy says.
/// </summary>
public sealed partial class PostgresQueueStore
{
    /// <inheritdoc/>
    public QueuePolicy? Policy => _recorded;

    /// <inheritdoc/>
    /// <remarks>Two checkouts that set it at once agree: the first row stays, and both read it back.</remarks>
    public QueuePolicy? Adopt(DataPolicy policy, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _db.Execute(
            """
            INSERT INTO queue_policy (one, mode, allowlist, set_by, set_at) VALUES (true, @mode, @allowlist, @by, @at)
            ON CONFLICT (one) DO NOTHING;
            """,
            ("mode", QueuePolicy.ModeName(policy.Mode)),
            ("allowlist", string.Join(',', QueuePolicy.Allowlist(policy))),
            ("by", by),
            ("at", at));
        _recorded = ReadPolicy();
        _policy = _recorded!.Policy;
        _repo = _repoUnder(_policy);
        return _recorded;
    }

    // A row no ias could have written (edited by hand) is refused rather than guessed at: the policy guards what is stored.
    private QueuePolicy? ReadPolicy() => _db.Query(
        "SELECT mode, allowlist, set_by, set_at FROM queue_policy;",
        r =>
        {
            var mode = QueuePolicy.ParseMode(r.GetString(0));
            var fields = r.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (mode is null || fields.Any(f => !DataPolicy.Fields.Contains(f, StringComparer.Ordinal)))
            {
                throw new QueueException($"the shared queue's data policy row is damaged (mode \"{r.GetString(0)}\", allowlist \"{r.GetString(1)}\"): ask whoever edited queue_policy to put it right");
            }

            return new QueuePolicy(new DataPolicy(mode.Value, new HashSet<string>(fields, StringComparer.Ordinal)), r.GetString(2), Time(r, 3)!.Value);
        }).FirstOrDefault();
}
