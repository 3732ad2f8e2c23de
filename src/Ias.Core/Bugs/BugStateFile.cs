using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Bugs;

/// <summary>A bug run's own folder, `.run/bugs/&lt;bug_id&gt;/`: its state.json and its bug-scoped circuit-breaker.json.</summary>
public static class BugStateFile
{
    public static string Dir(RunPaths paths, string bugId) => Path.Combine(paths.BugsDir, bugId);

    public static string StatePath(RunPaths paths, string bugId) => Path.Combine(Dir(paths, bugId), "state.json");

    public static string BreakerPath(RunPaths paths, string bugId) => Path.Combine(Dir(paths, bugId), "circuit-breaker.json");

    public static void Write(RunPaths paths, BugRecord bug)
    {
        OwnerOnly.CreateFolder(Dir(paths, bug.BugId));
        AtomicFile.Write(StatePath(paths, bug.BugId), BugStateJson.Render(bug));
    }

    /// <summary>The breaker in the original Run Mode tools' circuit-breaker.json format, namespaced per bug.</summary>
    public static void WriteBreaker(RunPaths paths, string bugId, BreakerSnapshot breaker)
    {
        OwnerOnly.CreateFolder(Dir(paths, bugId));
        AtomicFile.Write(BreakerPath(paths, bugId), BreakerJson.Render(breaker));
    }

    /// <summary>The bug's state as its file holds it, or null when there is none; a corrupt file throws <see cref="StateFileException"/>.</summary>
    public static BugRecord? Read(RunPaths paths, string bugId)
    {
        var path = StatePath(paths, bugId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonText.Parse(File.ReadAllBytes(path));
            return BugStateJson.Parse(FieldReader.Root(doc.RootElement));
        }
        catch (SchemaException ex)
        {
            throw new StateFileException(path, $"{paths.Display(path)}: {ex.Message}; fix it or move it aside", ex);
        }
    }

    /// <summary>The bug run updated most recently, or null when there has been none.</summary>
    public static BugRecord? Latest(RunPaths paths) =>
        Directory.Exists(paths.BugsDir)
            ? Directory.EnumerateDirectories(paths.BugsDir)
                .Select(d => Read(paths, Path.GetFileName(d)))
                .OfType<BugRecord>()
                .MaxBy(b => b.UpdatedAt)
            : null;

    /// <summary>
    /// The newest bug run when it halted at triage, which makes no run, and nothing ran here after it: a halt that
    /// run-status, the dashboard and run-resume must show, since the run they look at is older or none.
    /// </summary>
    public static BugRecord? HaltedAtTriage(RunPaths paths, RunSnapshot? current) =>
        Latest(paths) is { RunId: null, State: BugState.Halted } bug && (current is null || bug.UpdatedAt > current.LastActivity) ? bug : null;

    /// <summary>How many bug runs this repository has had: the N of the next sprint-bug-N.</summary>
    public static int Count(RunPaths paths) =>
        Directory.Exists(paths.BugsDir) ? Directory.EnumerateDirectories(paths.BugsDir).Count() : 0;
}
