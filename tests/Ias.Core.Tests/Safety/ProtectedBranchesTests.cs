using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class ProtectedBranchesTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("master")]
    [InlineData("staging")]
    [InlineData("develop")]
    [InlineData("development")]
    [InlineData("production")]
    [InlineData("prod")]
    [InlineData("release/1.0")]
    [InlineData("release-2026")]
    [InlineData("hotfix/login")]
    [InlineData("hotfix-1")]
    [InlineData("refs/heads/main")]
    public void The_branches_of_004_are_protected(string branch) => Assert.True(ProtectedBranches.IsProtected(branch));

    [Theory]
    [InlineData("feature/sprint-1")]
    [InlineData("mainline")]
    [InlineData("my-main")]
    [InlineData("release")]
    [InlineData("hotfix")]
    [InlineData("releases/1.0")]
    public void Other_branches_are_not(string branch) => Assert.False(ProtectedBranches.IsProtected(branch));
}
