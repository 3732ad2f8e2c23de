using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Notifications;

/// <summary>One thing worth telling a person, with the run it belongs to and a one-line summary; the rest is what the moment knows.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Run">The run id (or the queue run's name).</param>
/// <param name="Time">When it happened.</param>
/// <param name="Summary">One line a person reads in a desktop notification.</param>
public sealed record Notification(NotificationKind Kind, string Run, DateTimeOffset Time, string Summary)
{
    /// <summary>The run's state, as state.json spells it.</summary>
    public string? State { get; init; }

    /// <summary>The run's phase, as state.json spells it.</summary>
    public string? Phase { get; init; }

    public int? Cycle { get; init; }

    /// <summary>Why the run stopped, when it did.</summary>
    public string? Reason { get; init; }

    /// <summary>The draft PR's address.</summary>
    public string? Url { get; init; }

    /// <summary>The queue job it is about.</summary>
    public string? Job { get; init; }

    /// <summary>How many moments this one stands for: more than one when a burst was coalesced into it.</summary>
    public int Count { get; init; } = 1;

    /// <summary>The kind as the hook and the event log spell it: `halted`, `usage_limit`, `pr_opened`.</summary>
    public string Event => NotificationEvents.Name(Kind);

    /// <summary>The summary as one inert line of at most <paramref name="max"/> characters (see <see cref="InertText"/>), so no text can end a terminal sequence early.</summary>
    public static string OneLine(string text, int max = 200)
    {
        var clean = InertText.Line(text).Trim();
        return ShortText.Cut(clean, max);
    }
}
