namespace Ias.Core.Jobs.Store;

/// <summary>What became of a runner's database.</summary>
public enum QueueOutageKind
{
    /// <summary>It stopped answering; the runner keeps its job's work and asks again.</summary>
    Lost,

    /// <summary>It answers again; the runner carries on.</summary>
    Back,

    /// <summary>It was out of reach longer than ias.queue.outage_minutes; the runner stops.</summary>
    GaveUp,
}
