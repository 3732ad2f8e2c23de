using System.Globalization;
using System.Text.Json;

namespace Ias.Core.Storage;

/// <summary>Who writes in a checkout: what kind of work (<paramref name="Kind"/>), its process and start, and how a person stops it (<paramref name="Stop"/>).</summary>
/// <param name="Kind">"a Run Mode run of sprint-1": the start of the sentence that names the holder.</param>
/// <param name="Pid">The holder's process id; null when the holder's name could not be read.</param>
/// <param name="Since">When it took the checkout; null when unknown.</param>
/// <param name="Stop">"halt it with `ias run-halt` or wait": what the refused one can do about the holder.</param>
public sealed record CheckoutWriter(string Kind, int? Pid, DateTimeOffset? Since, string Stop)
{
    /// <summary>The holder named by a lock whose name is missing or unreadable (its holder is between taking the lock and naming itself).</summary>
    public static CheckoutWriter Unknown { get; } = new("another ias process", null, null, "wait for it to finish");

    /// <summary>
    /// "a queue runner of run night (pid 123, since 10:02) is writing in this checkout; stop it with `ias stop --run night` or wait":
    /// the refusal a second writer gets, with the time in local time and with its date when it is not today's.
    /// </summary>
    public string Describe(DateTimeOffset now) => Describe(now, "in this checkout");

    /// <summary>As <see cref="Describe(DateTimeOffset)"/>, writing <paramref name="where"/> ("on ias/queue/night").</summary>
    public string Describe(DateTimeOffset now, string where)
    {
        var facts = new List<string>();
        if (Pid is { } pid)
        {
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"pid {pid}"));
        }

        if (Since is { } since)
        {
            var local = since.ToLocalTime();
            var format = local.Date == now.ToLocalTime().Date ? "HH:mm" : "yyyy-MM-dd HH:mm";
            facts.Add("since " + local.ToString(format, CultureInfo.InvariantCulture));
        }

        var who = facts.Count == 0 ? Kind : $"{Kind} ({string.Join(", ", facts)})";
        return $"{who} is writing {where}; {Stop}";
    }

    /// <summary>The one-line JSON the lock keeps beside it.</summary>
    public string ToLine() => JsonText.RenderCompact(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", Kind);
        if (Pid is { } pid)
        {
            w.WriteNumber("pid", pid);
        }

        if (Since is { } since)
        {
            w.WriteString("since", IsoTime.ForFile(since));
        }

        w.WriteString("stop", Stop);
        w.WriteEndObject();
    });

    /// <summary>The writer a lock's name says, or <see cref="Unknown"/> when there is none or it cannot be read.</summary>
    public static CheckoutWriter Parse(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return Unknown;
        }

        try
        {
            using var doc = JsonText.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("stop", out var stop) || stop.ValueKind != JsonValueKind.String)
            {
                return Unknown;
            }

            int? pid = root.TryGetProperty("pid", out var p) && p.TryGetInt32(out var n) ? n : null;
            DateTimeOffset? since = root.TryGetProperty("since", out var s) && s.ValueKind == JsonValueKind.String && IsoTime.TryParse(s.GetString(), out var t) ? t : null;
            return new CheckoutWriter(kind.GetString()!, pid, since, stop.GetString()!);
        }
        catch (SchemaException)
        {
            return Unknown;
        }
    }
}
