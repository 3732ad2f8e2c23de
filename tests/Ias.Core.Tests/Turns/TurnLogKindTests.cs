using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

public sealed class TurnLogKindTests
{
    [Fact]
    public void Every_kind_reads_back_from_the_name_the_log_file_gives_it()
    {
        Assert.Equal(["system", "assistant", "tool", "tool_result", "retry", "error"], Enum.GetValues<TurnLogKind>().Select(k => k.Wire()));
        Assert.All(Enum.GetValues<TurnLogKind>(), k => Assert.Equal(k, TurnLogKinds.Parse(k.Wire())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tool")]
    [InlineData("thinking")]
    public void A_name_the_file_does_not_know_reads_as_a_system_line(string wire) =>
        Assert.Equal(TurnLogKind.System, TurnLogKinds.Parse(wire));
}
