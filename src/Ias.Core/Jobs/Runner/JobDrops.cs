using System.Collections.Concurrent;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// Watches a run's queue/pending/ for job files someone dropped in and hands them to <see cref="JobQueue.TakeDrop"/>: the
/// whole folder at the first look and whenever the watch lost events, otherwise only the files created or moved in since
/// the last look, so a runner does not list 100,000 pending files before every claim.
/// </summary>
public sealed class JobDrops : IDisposable
{
    private readonly JobQueue _queue;
    private readonly string _folder;
    private readonly FileSystemWatcher? _watcher;
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private volatile bool _readAll = true;

    public JobDrops(JobQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
        _folder = queue.Paths.StateDir(JobState.Pending);
        try
        {
            Directory.CreateDirectory(_folder);
            _watcher = new FileSystemWatcher(_folder, "*.json") { NotifyFilter = NotifyFilters.FileName };
            _watcher.Created += (_, e) => Seen(e.FullPath);
            _watcher.Renamed += (_, e) => Seen(e.FullPath);
            _watcher.Error += (_, _) =>
            {
                _readAll = true;
                _arrived.Release();
            };
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // No watch (the system's inotify limit, say): every look reads the whole folder, slower but not wrong.
            _watcher?.Dispose();
            _watcher = null;
            Warning = $"cannot watch {_folder} ({e.Message}); the runner lists the folder before every job instead";
        }
    }

    /// <summary>Why the folder is not watched, for the runner to say once; null when it is.</summary>
    public string? Warning { get; }

    /// <summary>Ends when the watch has reported a file (or lost events) since the last time it ended: the next <see cref="Take"/> has something to look at.</summary>
    public Task ArrivalAsync(CancellationToken ct) => _arrived.WaitAsync(ct);

    /// <summary>Takes every job file dropped in since the last look; one line for each that was taken or refused.</summary>
    public IReadOnlyList<string> Take()
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        if (_readAll || _watcher is null)
        {
            // Cleared first: events that come while the folder is read are looked at next time, not lost.
            _readAll = false;
            _seen.Clear();
            if (Directory.Exists(_folder))
            {
                files.UnionWith(Directory.EnumerateFiles(_folder, "*.json"));
            }
        }

        while (_seen.TryDequeue(out var file))
        {
            files.Add(file);
        }

        var said = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            if (_queue.TakeDrop(file) is { } line)
            {
                said.Add(line);
            }
        }

        return said;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _arrived.Dispose();
    }

    private void Seen(string file)
    {
        _seen.Enqueue(file);
        _arrived.Release();
    }
}
