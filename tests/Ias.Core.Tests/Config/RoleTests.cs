using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class RoleTests
{
    [Theory]
    [InlineData("implementer", true, "implementer")]
    [InlineData("reviewer", false, "reviewer")]
    [InlineData("auditor", false, "auditor")]
    [InlineData("red_team", false, "auditor")]
    [InlineData("e2e_tester", false, "auditor")]
    [InlineData("triager", true, "implementer")]
    [InlineData("orchestrator", false, "reviewer")]
    public void A_role_reads_back_by_its_name_with_its_write_access_and_agent(string wire, bool writes, string configured)
    {
        var role = Role.Parse(wire);

        Assert.Equal((wire, writes, configured), (role.Wire, role.Writes, role.ConfiguredAs(role.Writes).Wire));
        Assert.Equal(wire, $"{role}");
    }

    [Fact]
    public void A_queued_jobs_own_role_reads_and_runs_on_the_implementer_only_when_the_job_writes()
    {
        var planner = Role.Parse("planner");

        Assert.Equal(("planner", false), (planner.Wire, planner.Writes));
        Assert.Equal(Role.Parse("planner"), planner);
        Assert.Equal((Role.Implementer, Role.Reviewer), (planner.ConfiguredAs(writes: true), planner.ConfiguredAs(writes: false)));
    }
}
