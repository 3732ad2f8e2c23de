namespace Ias.EndToEnd.Tests.Support;

/// <summary>A file another process appends lines to, read whole line by whole line as it grows.</summary>
public static class WatchedFile
{
    /// <summary>
    /// The file's whole lines once <paramref name="enough"/> says so, waiting on the file system's word that it changed (a
    /// folder that does not exist yet is waited for too); fails after <paramref name="timeout"/>, a minute by default.
    /// </summary>
    public static async Task<List<string>> LinesAsync(string path, Func<List<string>, bool> enough, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => changed.Release();
        watcher.Changed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            // Only lines the writer has ended: a line still being written is not whole yet.
            var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cts.Token) : "";
            var whole = text.Split('\n')[..^1].Where(l => l.Length > 0).ToList();
            if (enough(whole))
            {
                return whole;
            }

            await changed.WaitAsync(cts.Token);
        }
    }
}
