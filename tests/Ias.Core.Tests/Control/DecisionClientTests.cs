using Ias.Core.Control;
using Ias.Core.Decisions;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;

namespace Ias.Core.Tests.Control;

/// <summary>Answering from the dashboard: the oldest open question unless one is named, as `ias answer` would, in one line.</summary>
public sealed class DecisionClientTests
{
    [Fact]
    public void The_oldest_open_question_is_answered_and_with_none_open_it_says_no_agent_waits()
    {
        using var queue = new QueueFixture();
        var paths = new RunPaths(queue.Root);
        var client = new DecisionClient(paths, shared: null, queue.Clock);
        Assert.Equal("no agent is waiting for an answer", client.Answer(SnapshotReader.Once(paths, queue.Clock), null, "yes"));

        var asked = new DecisionStore(queue.Store).Ask(new Decision("", "May I drop /v1?", queue.Clock.GetUtcNow(), "night", "0001-implementer", Decision.JobPhase, 1, "implementer", null));
        var snap = SnapshotReader.Once(paths, queue.Clock);

        Assert.Equal($"answered {asked.Id}; the agent goes on with it", client.Answer(snap, null, "no"));
        Assert.Contains("already answered", client.Answer(snap, asked.Id, "yes"));
    }
}
