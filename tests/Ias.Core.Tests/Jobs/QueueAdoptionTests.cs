using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A runner folder another tool made is adopted whole: its pending job files become jobs, its other files stay byte for
/// byte, and ias's own jobs are numbered after the other tool's so none of its files is written over.
/// </summary>
public sealed class QueueAdoptionTests : IDisposable
{
    private const string DoneByOther = """{"id": "0007-reviewer", "role": "reviewer", "prompt": "review it", "result": "fine"}""";
    private const string OtherConfig = """{"timeout_minutes": 30, "codex": {"model": "o4"}}""";

    private readonly TempDir _dir = new();
    private readonly RunStore _db;
    private readonly SqliteQueueStore _store;
    private readonly ManualClock _clock = new(QueueFixture.Start);

    public QueueAdoptionTests()
    {
        _db = RunStore.Open(_dir.Combine(".run", "ias.db"));
        _store = new SqliteQueueStore(_db);
    }

    private QueuePaths Ext => new(_dir.Path, "ext");

    [Fact]
    public void A_folder_another_tool_made_becomes_a_run_whose_jobs_run_and_whose_files_stay()
    {
        var pending = Write(Ext.JobFile(JobState.Pending, "0008-orchestrator"), """{"id": "0008-orchestrator", "role": "orchestrator", "prompt": "Analyze the codebase"}""");
        var done = Write(Ext.JobFile(JobState.Done, "0007-reviewer"), DoneByOther);
        Write(Ext.ConfigJson, OtherConfig);

        var said = QueueAdoption.Adopt(_store, _dir.Path, "ext", _clock);

        Assert.Equal("adopted run ext, whose runner folder another tool made: its 1 pending job file(s) run here, its other files stay as they are (config.json copied to *.before-ias first)", said);
        using var queue = new JobQueue(_store, Ext, QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        using var drops = new JobDrops(queue);
        Assert.Equal("job file dropped-0008-orchestrator.json enqueued as 0009-orchestrator (read-only)", Assert.Single(drops.Take()));
        queue.Enqueue("auditor", "audit it", null, writes: false);
        queue.CatchUp();
        queue.Mirror();

        Assert.Equal(["0009-orchestrator", "0010-auditor"], queue.Jobs.Select(j => j.Id));
        Assert.Equal(DoneByOther, File.ReadAllText(done));
        Assert.Equal(OtherConfig, File.ReadAllText(Ext.ConfigJson + QueueAdoption.Kept));
        Assert.False(File.Exists(pending));
        Assert.Null(QueueAdoption.Adopt(_store, _dir.Path, "ext", _clock));
    }

    [Fact]
    public void With_no_run_named_and_none_known_the_newest_folder_is_adopted()
    {
        Write(new QueuePaths(_dir.Path, "older").ConfigJson, OtherConfig);
        Directory.SetLastWriteTimeUtc(new QueuePaths(_dir.Path, "older").RunnerDir, QueueFixture.Start.UtcDateTime.AddDays(-1));
        Write(Ext.JobFile(JobState.Running, "0002-implementer"), """{"role": "implementer", "prompt": "x"}""");

        var said = QueueAdoption.Adopt(_store, _dir.Path, null, _clock);

        Assert.Equal(["ext"], _store.QueueRuns().Select(r => r.Name));
        Assert.EndsWith("; 1 job file(s) in running/ are the other tool's: once its runner has stopped, move them to pending/ to run them here", said);
        Assert.True(File.Exists(Ext.JobFile(JobState.Running, "0002-implementer")));
    }

    [Fact]
    public void A_command_that_does_not_adopt_names_the_folder_and_how_to_adopt_it()
    {
        Write(Ext.ConfigJson, OtherConfig);

        Assert.Null(QueueAdoption.Unadopted(_dir.Path, "missing"));
        var e = Assert.Throws<QueueException>(() => JobQueue.Resolve(_store, "ext", latest: false, _dir.Path));
        Assert.Equal("run ext has a runner folder another tool made: adopt it with `ias init --run ext`", e.Message);
        Assert.Equal(e.Message, Assert.Throws<QueueException>(() => JobQueue.Resolve(_store, null, latest: true, _dir.Path)).Message);
        Assert.Empty(_store.QueueRuns());
    }

    private static string Write(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }
}
