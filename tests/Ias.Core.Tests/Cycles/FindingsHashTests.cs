using Ias.Core.Cycles.Findings;

namespace Ias.Core.Tests.Cycles;

public sealed class FindingsHashTests
{
    [Fact]
    public void No_findings_has_no_hash_so_it_is_never_a_repeated_issue()
    {
        Assert.Null(FindingsHash.Of([]));
    }

    [Fact]
    public void Order_whitespace_and_case_do_not_change_the_hash()
    {
        var a = FindingsHash.Of([new Finding("R1", "high", "Null  check missing", "a.cs", 1), new Finding("R2", "low", "Typo", null, null)]);
        var b = FindingsHash.Of([new Finding("r2", "medium", " typo ", "b.cs", 9), new Finding("R1", "high", "null check\tmissing", null, null)]);

        Assert.NotNull(a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_different_title_is_a_different_issue()
    {
        Assert.NotEqual(
            FindingsHash.Of([new Finding("R1", "high", "Null check missing", null, null)]),
            FindingsHash.Of([new Finding("R1", "high", "Off by one", null, null)]));
    }
}
