using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class PlainTextParserTests
{
    private static PlainTextParser Parser() => new(new ZonedClock(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc));

    [Fact]
    public void Every_line_is_assistant_text_and_the_final_text_is_all_of_it()
    {
        var parser = Parser();

        var events = parser.Parse("one").Concat(parser.Parse("{\"type\":\"result\"}")).ToList();
        var final = parser.Finish(0);

        Assert.Equal([new AssistantText(null, "one"), new AssistantText(null, "{\"type\":\"result\"}")], events);
        Assert.False(parser.SawResult);
        Assert.Equal(new FinalResult(true, FailureClass.None, "one\n{\"type\":\"result\"}", 0, 0, null, 0, null), final);
    }

    [Fact]
    public void A_nonzero_exit_fails_with_the_class_stderr_named_or_as_a_crash()
    {
        var named = Parser();
        named.ObserveStderr("connect ECONNREFUSED 127.0.0.1:443");

        Assert.Equal(FailureClass.Network, named.Finish(1)?.FailureClass);
        Assert.Equal(FailureClass.Crash, Parser().Finish(2)?.FailureClass);
        Assert.False(Parser().Finish(2)?.Success);
    }

    [Fact]
    public void A_killed_command_has_no_result_of_its_own()
    {
        Assert.Null(Parser().Finish(null));
    }
}
