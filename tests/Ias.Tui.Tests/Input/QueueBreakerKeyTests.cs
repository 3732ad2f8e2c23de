using Ias.Tui.Input;
using Ias.Tui.Tests.Views;

namespace Ias.Tui.Tests.Input;

/// <summary>The resume keys on a watched queue run whose breaker tripped say how its runner goes on.</summary>
public sealed class QueueBreakerKeyTests
{
    [Fact]
    public void On_a_queue_run_with_its_breaker_open_the_resume_keys_name_run_loop_with_reset_breaker()
    {
        var why = EngineKeys.WhyNoResume(Fixtures.QueueTripped());

        Assert.Equal("a queue run has no resume key: its circuit breaker is OPEN; `ias run-loop --run nightly --reset-breaker` resets it and goes on", why);
    }

    [Fact]
    public void On_a_queue_run_with_its_breaker_closed_the_resume_keys_say_how_to_start_its_runner()
    {
        Assert.Contains("u starts it (`ias run-loop --run nightly --detach`)", EngineKeys.WhyNoResume(Fixtures.Queue()), StringComparison.Ordinal);
    }
}
