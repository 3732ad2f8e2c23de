using Ias.Core.Storage;

namespace Ias.Core.Plans;

/// <summary>Reads and atomically writes `.run/sprint-plan-state.json`, the record of a sprint plan's progress.</summary>
public static class SprintPlanStateFile
{
    /// <summary>The plan as the file holds it, or null when there is none; a corrupt file throws <see cref="StateFileException"/> naming it.</summary>
    public static SprintPlanState? Read(RunPaths paths)
    {
        if (!File.Exists(paths.SprintPlanState))
        {
            return null;
        }

        var display = paths.Display(paths.SprintPlanState);
        try
        {
            using var doc = JsonText.Parse(File.ReadAllBytes(paths.SprintPlanState));
            return SprintPlanStateJson.Parse(FieldReader.Root(doc.RootElement));
        }
        catch (SchemaException ex)
        {
            throw new StateFileException(paths.SprintPlanState, $"{display}: {ex.Message}; fix it, or move it aside to start the plan afresh", ex);
        }
    }

    public static void Write(RunPaths paths, SprintPlanState plan)
    {
        OwnerOnly.CreateFolder(paths.RunDir);
        AtomicFile.Write(paths.SprintPlanState, SprintPlanStateJson.Render(plan));
    }

    /// <summary>The file's text as ias writes it, for tests and `ias run-status --json`.</summary>
    public static string Render(SprintPlanState plan) => SprintPlanStateJson.Render(plan);
}
