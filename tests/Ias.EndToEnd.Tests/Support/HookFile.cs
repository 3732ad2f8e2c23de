using System.Text.Json;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A notification hook for ias.notify.command: a script in <c>dir</c> that appends its stdin (one JSON object a
/// notification) to <see cref="Received"/>, whose lines a test reads as the hook writes them.
/// </summary>
public sealed class HookFile
{
    public HookFile(string dir)
    {
        Received = Path.Combine(dir, "received.jsonl");
        Script = Path.Combine(dir, "hook.sh");
        File.WriteAllText(Script, $"#!/bin/sh\ncat >> '{Received}'\n");
    }

    /// <summary>The file the hook appends each notification to.</summary>
    public string Received { get; }

    public string Script { get; }

    /// <summary>The YAML under `ias:` that makes the script the hook, the night's `report` told as soon as the box is quiet.</summary>
    public string Yaml => YamlQuietFor(0);

    /// <summary>The YAML under `ias:` that makes the script the hook, the box quiet for <paramref name="seconds"/> before the `report`.</summary>
    public string YamlQuietFor(int seconds) => $"  notify:\n    command: \"sh '{Script}'\"\n    report_quiet_seconds: {seconds}\n";

    /// <summary>The hook's first <paramref name="count"/> whole lines, waiting on the file system's word that the file changed.</summary>
    public async Task<List<JsonElement>> LinesAsync(int count) =>
        [.. (await WatchedFile.LinesAsync(Received, lines => lines.Count >= count)).Take(count).Select(Parse)];

    /// <summary>The hook's lines up to the first of <paramref name="event"/>, waited for as <see cref="LinesAsync"/> waits.</summary>
    public async Task<List<JsonElement>> UntilAsync(string @event) =>
        [.. (await WatchedFile.LinesAsync(Received, lines => lines.Any(l => Parse(l).GetProperty("event").GetString() == @event))).Select(Parse)];

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    /// <summary>Every line the hook has written so far.</summary>
    public List<JsonElement> Lines() =>
        File.Exists(Received)
            ? [.. File.ReadAllLines(Received).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())]
            : [];
}
