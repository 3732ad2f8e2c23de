using Ias.Core.Processes;

namespace Ias.Core.Tests.Processes;

public sealed class ChildSignalTests
{
    [Theory]
    [InlineData("Name:\tias\nSigIgn:\t0000000000010000\nSigCgt:\t0\n", true)] // SIGCHLD (17) alone
    [InlineData("SigIgn:\t0000000000011001\n", true)] // with HUP and QUIT
    [InlineData("SigIgn:\t0000000000001001\n", false)] // HUP and QUIT only: nohup's ignore is the user's choice
    [InlineData("SigIgn:\t0000000000000000\n", false)]
    [InlineData("Name:\tias\n", false)]
    [InlineData(null, false)]
    public void SIGCHLD_counts_as_ignored_only_when_its_bit_is_in_the_SigIgn_mask(string? status, bool ignored) =>
        Assert.Equal(ignored, ChildSignal.IgnoredIn(status));
}
