using Ias.Core.Jobs.Records;

namespace Ias.Core.Tests.Jobs;

public sealed class RunnerStatusTests
{
    [Fact]
    public void Every_status_reads_back_from_the_name_state_json_gives_it()
    {
        Assert.Equal(["idle", "running", "parked", "stopped", "lost"], Enum.GetValues<RunnerStatus>().Select(s => s.Wire()));
        Assert.All(Enum.GetValues<RunnerStatus>(), s => Assert.Equal(s, RunnerStatuses.Parse(s.Wire())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Running")]
    [InlineData("halted")]
    public void A_name_that_is_no_status_is_a_damaged_row(string wire)
    {
        var e = Assert.Throws<FormatException>(() => RunnerStatuses.Parse(wire));
        Assert.Equal($"\"{wire}\" is not a runner status", e.Message);
    }
}
