using System.Globalization;
using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Safety.Secrets;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Notifications;

/// <summary>
/// The one JSON object the hook reads on stdin. The hook sends it on, out of ias's hands, so the data policy shapes it:
/// the summary and the reason are the field `notify.summary` and the PR's address is `repo.url`; secrets never leave.
/// </summary>
public static class HookPayload
{
    /// <summary>The field the summary and the reason fall under.</summary>
    public const string SummaryField = "notify.summary";

    /// <summary>The field the PR's address falls under: it names the repository.</summary>
    public const string UrlField = "repo.url";

    /// <summary>One line of JSON: `event`, `run`, `time` and `summary` always, `count` for a coalesced burst, the rest when known.</summary>
    public static string For(Notification n, DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(policy);
        var redactor = SecretRedactor.ForThisProcess();
        string? Free(string field, string? text) => text is null ? null : policy.Text(field, redactor.Redact(InertText.Line(text)));

        var payload = new HookPayloadJson(
            n.Event,
            n.Run,
            n.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Free(SummaryField, n.Summary),
            n.Count,
            n.State,
            n.Phase,
            n.Cycle,
            Free(SummaryField, n.Reason),
            Free(UrlField, n.Url),
            n.Job);
        return JsonText.RenderCompact(w => JsonSerializer.Serialize(w, payload, NotificationJsonContext.Default.HookPayloadJson)) + "\n";
    }
}
