using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class TripCauseTests
{
    [Fact]
    public void Each_cause_ias_trips_on_reads_back_from_the_name_the_breaker_file_gives_it()
    {
        TripCause[] known = [TripCause.SameIssue, TripCause.NoProgress, TripCause.CycleLimit, TripCause.Timeout, TripCause.RateLimit];

        Assert.Equal(["same_issue", "no_progress", "cycle_limit", "timeout", "rate_limit"], known.Select(c => c.Wire));
        Assert.All(known, c => Assert.Same(c, TripCause.Parse(c.Wire)));
        Assert.Equal("cycle limit", TripCause.CycleLimit.Words);
    }

    [Fact]
    public void A_cause_another_tool_wrote_reads_back_as_itself_and_is_written_again_unchanged()
    {
        var other = TripCause.Parse("manual_stop");

        Assert.Equal("manual_stop", other.Wire);
        Assert.Equal("manual_stop", other.ToString());
        Assert.Equal(other, TripCause.Parse("manual_stop"));
        Assert.NotEqual(TripCause.SameIssue, other);
    }
}
