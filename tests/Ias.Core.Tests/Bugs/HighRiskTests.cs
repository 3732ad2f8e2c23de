using Ias.Core.Bugs;

namespace Ias.Core.Tests.Bugs;

/// <summary>High-risk area detection over suspected file paths.</summary>
public sealed class HighRiskTests
{
    [Theory]
    [InlineData("auth/session.txt", "auth")]
    [InlineData("src/authentication/login.ts", "auth")]
    [InlineData("app/Payments/Refund.cs", "payment")]
    [InlineData("migrations/0042_add_email.sql", "migration")]
    [InlineData("lib/crypto/encrypt_field.py", "encrypt")]
    [InlineData("config/secrets.yaml", "secret")]
    [InlineData("api/jwt.go", "jwt")]
    [InlineData("src/keys.rs", "key")]
    [InlineData("src/db.rs", "db")]
    public void A_path_naming_a_high_risk_area_matches_its_pattern(string path, string pattern)
    {
        Assert.Equal(pattern, HighRisk.Match(path));
    }

    [Theory]
    [InlineData("src/greeting/feature.txt")]
    [InlineData("docs/keyboard.md")]
    [InlineData("src/dbg/trace.c")]
    [InlineData("README.md")]
    public void An_ordinary_path_is_not_high_risk(string path)
    {
        Assert.Null(HighRisk.Match(path));
    }

    [Fact]
    public void Filter_keeps_the_high_risk_paths_in_order()
    {
        Assert.Equal(["auth/a.txt", "billing/b.txt"], HighRisk.Filter(["src/x.txt", "auth/a.txt", "billing/b.txt"]));
    }
}
