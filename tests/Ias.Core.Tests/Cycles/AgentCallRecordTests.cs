using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;

namespace Ias.Core.Tests.Cycles;

public sealed class AgentCallRecordTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    private static readonly AgentRequest Request =
        new(Role.Reviewer, "REVIEW", 3, "sprint-2", "Review.", AgentSettings.Defaults with { Agent = new AgentKind("codex") }, "/run/jobs/r-2-review-1");

    [Fact]
    public void A_finished_call_keeps_who_ran_what_it_cost_and_where_its_files_are()
    {
        var response = new AgentResponse(true, FailureClass.None, "ok", 0, 4, 1200, 300, 0.25m, "s-1", false, null, "");

        var call = AgentCallRecord.Finished("run-1", 3, Phase.Review, Request, response, Started, Started.AddMinutes(5));

        Assert.Equal(
            new AgentCallRecord("run-1", 3, Phase.Review, "reviewer", "codex", "s-1", Started, Started.AddMinutes(5), 0, "success", 4, 1200, 300, 0.25m,
                "/run/jobs/r-2-review-1"),
            call);
    }

    [Fact]
    public void A_failed_call_is_recorded_by_its_failure_class()
    {
        var response = new AgentResponse(false, FailureClass.UsageLimit, "", 1, 1, 10, 0, 0m, null, false, null, "limit");

        var call = AgentCallRecord.Finished("bug-7", 1, Phase.Implement, Request, response, Started, Started);

        Assert.Equal(("UsageLimit", 1, (string?)null), (call.Outcome, call.ExitCode, call.SessionId));
    }
}
