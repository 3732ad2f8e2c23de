using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Notifications;

namespace Ias.Core.Tests.Notifications;

/// <summary>The hook's JSON: its fields, and the data policy over its free text.</summary>
public sealed class HookPayloadTests
{
    private static readonly Notification Halted = new(NotificationKind.Halted, "run-20250601-abcdef", new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero), "sprint-1 halted in cycle 2: the login test fails")
    {
        State = "HALTED",
        Phase = "REVIEW",
        Cycle = 2,
        Reason = "the login test fails with password=hunter2hunter2",
        Url = "https://github.com/acme/secret-project/pull/7",
    };

    [Fact]
    public void Under_internal_ok_the_object_has_the_event_run_time_summary_and_what_the_gate_knows()
    {
        using var json = JsonDocument.Parse(HookPayload.For(Halted, DataPolicy.Default));
        var o = json.RootElement;

        Assert.Equal("halted", o.GetProperty("event").GetString());
        Assert.Equal("run-20250601-abcdef", o.GetProperty("run").GetString());
        Assert.Equal("2025-06-01T09:30:00Z", o.GetProperty("time").GetString());
        Assert.Equal("sprint-1 halted in cycle 2: the login test fails", o.GetProperty("summary").GetString());
        Assert.Equal(1, o.GetProperty("count").GetInt32());
        Assert.Equal("HALTED", o.GetProperty("state").GetString());
        Assert.Equal("REVIEW", o.GetProperty("phase").GetString());
        Assert.Equal(2, o.GetProperty("cycle").GetInt32());
        Assert.Equal("https://github.com/acme/secret-project/pull/7", o.GetProperty("url").GetString());
        Assert.False(o.TryGetProperty("job", out _));
    }

    [Fact]
    public void The_payload_is_one_line_with_its_fields_in_order_and_the_unknown_ones_left_out()
    {
        var burst = new Notification(NotificationKind.Decision, "night", new DateTimeOffset(2025, 6, 1, 9, 30, 0, 250, TimeSpan.Zero), "job 0002 asks: café + crème?")
        {
            Job = "0002-implementer",
            Count = 3,
        };

        Assert.Equal(
            """
            {"event":"halted","run":"run-20250601-abcdef","time":"2025-06-01T09:30:00Z","summary":"sprint-1 halted in cycle 2: the login test fails","count":1,"state":"HALTED","phase":"REVIEW","cycle":2,"reason":"the login test fails with password=[REDACTED]","url":"https://github.com/acme/secret-project/pull/7"}

            """,
            HookPayload.For(Halted, DataPolicy.Default));
        Assert.Equal(
            """
            {"event":"decision","run":"night","time":"2025-06-01T09:30:00Z","summary":"job 0002 asks: café + crème?","count":3,"job":"0002-implementer"}

            """,
            HookPayload.For(burst, DataPolicy.Default));
    }

    [Fact]
    public void A_secret_in_the_reason_is_redacted_in_either_mode()
    {
        var text = HookPayload.For(Halted, DataPolicy.Default);

        Assert.DoesNotContain("hunter2hunter2", text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_metadata_only_the_summary_reason_and_url_are_withheld_and_the_identifiers_stay()
    {
        var policy = DataPolicy.Default with { Mode = DataPolicyMode.MetadataOnly };

        using var json = JsonDocument.Parse(HookPayload.For(Halted, policy));
        var o = json.RootElement;

        Assert.StartsWith("[withheld: notify.summary, sha256:", o.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[withheld: notify.summary, sha256:", o.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[withheld: repo.url, sha256:", o.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("login", json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("halted", o.GetProperty("event").GetString());
        Assert.Equal("run-20250601-abcdef", o.GetProperty("run").GetString());
        Assert.Equal(2, o.GetProperty("cycle").GetInt32());
    }

    [Fact]
    public void Under_metadata_only_an_allowlisted_notify_summary_keeps_its_text()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string>(["notify.summary"], StringComparer.Ordinal));

        using var json = JsonDocument.Parse(HookPayload.For(Halted, policy));

        Assert.Equal("sprint-1 halted in cycle 2: the login test fails", json.RootElement.GetProperty("summary").GetString());
        Assert.StartsWith("[withheld: repo.url", json.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
    }
}
