using Ias.Core.Jobs.Records;

namespace Ias.Core.Tests.Jobs;

/// <summary>The agents a runner can start, as a store keeps them, and which pending jobs no live runner can take.</summary>
public sealed class RunnerAgentsTests
{
    [Fact]
    public void The_agents_read_back_from_their_wire_form_and_a_job_naming_none_fits_every_runner()
    {
        var agents = RunnerAgents.Of("claude", "sim");

        Assert.Equal(agents, RunnerAgents.Parse(agents.Wire));
        Assert.Null(RunnerAgents.Parse(null));
        Assert.True(agents.Has(null));
        Assert.True(agents.Has("Claude"));
        Assert.False(agents.Has("codex"));
    }

    [Fact]
    public void A_pending_jobs_agent_is_unserved_while_no_live_runner_has_it_and_a_runner_that_recorded_none_serves_all()
    {
        Assert.Equal(["codex"], RunnerAgents.Unserved(["codex", "sim"], [RunnerAgents.Of("claude", "sim")]).Keys);
        Assert.Equal("waits for a runner with codex", RunnerAgents.Unserved(["codex"], [])["codex"]);
        Assert.Empty(RunnerAgents.Unserved(["codex"], [RunnerAgents.Of("sim"), RunnerAgents.Of("codex")]));
        Assert.Empty(RunnerAgents.Unserved(["codex"], [RunnerAgents.Of("sim"), null]));
    }
}
