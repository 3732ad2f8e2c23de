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

    /// <summary>The YAML under `ias:` that makes the script the hook.</summary>
    public string Yaml => $"  notify:\n    command: \"sh '{Script}'\"\n";

    /// <summary>The hook's first <paramref name="count"/> whole lines, waiting on the file system's word that the file changed.</summary>
    public async Task<List<JsonElement>> LinesAsync(int count)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(Received)!, Path.GetFileName(Received))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => changed.Release();
        watcher.Changed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            // Only lines the hook has ended: a line still being written is not JSON yet.
            var text = File.Exists(Received) ? await File.ReadAllTextAsync(Received, timeout.Token) : "";
            var whole = text.Split('\n')[..^1].Where(l => l.Length > 0).ToList();
            if (whole.Count >= count)
            {
                return [.. whole.Take(count).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Every line the hook has written so far.</summary>
    public List<JsonElement> Lines() =>
        File.Exists(Received)
            ? [.. File.ReadAllLines(Received).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())]
            : [];
}
