using Ias.Core.Decisions;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>
/// Answers the questions agents ask from a process that watches the run, as `ias answer` does: a checkout's question in
/// its `.run/ias.db`, a shared queue's on the connection the watcher keeps to it (<paramref name="shared"/>). The
/// waiting engine or runner picks the answer up.
/// </summary>
public sealed class DecisionClient(RunPaths paths, SharedQueue? shared, TimeProvider clock)
{
    /// <summary>Answers question <paramref name="id"/> (null: the oldest open one <paramref name="snap"/> shows); returns the one line that says what happened.</summary>
    public string Answer(EngineSnapshot snap, string? id, string text)
    {
        ArgumentNullException.ThrowIfNull(snap);
        if ((id ?? snap.Questions.FirstOrDefault()?.Id) is not { } asked)
        {
            return "no agent is waiting for an answer";
        }

        using var store = File.Exists(paths.Database) ? RunStore.Open(paths.Database) : null;
        string Say(IDecisionStore? team) => new DecisionDesk(store, team, paths.RepoRoot, clock).Answer(asked, text, out var error) is { } answered
            ? $"answered {answered.Id}; the agent goes on with it{(answered.Host is { } host ? $" at its runner on {host}" : "")}"
            : error ?? $"{asked} was not answered";

        if (shared is null || !DecisionIds.Shared.Names(asked))
        {
            return Say(null);
        }

        try
        {
            return shared.Now(team => Say(team.Questions));
        }
        catch (QueueException e)
        {
            return e.Message;
        }
    }
}
