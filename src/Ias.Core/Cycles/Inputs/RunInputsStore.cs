using Ias.Core.Storage;
using static Ias.Core.Storage.Columns;

namespace Ias.Core.Cycles.Inputs;

/// <summary>The <see cref="RunInputs"/> kept in ias.db, one copy per owner: a run's id, or a sprint plan's id for all its sprints.</summary>
public sealed class RunInputsStore(RunStore db)
{
    // The sprint plan is kept as one row beside the files; a repository path never starts with '<', so no file takes its place.
    private const string PlanRow = "<sprint plan>";

    /// <summary>Replaces the owner's copy with <paramref name="inputs"/>.</summary>
    public void Save(string owner, RunInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        db.Transaction(() =>
        {
            db.Execute("DELETE FROM run_inputs WHERE owner = $owner;", ("$owner", owner));
            var rows = inputs.Plan is { } plan ? inputs.Files.Append(new(PlanRow, plan.ToJson())) : inputs.Files;
            foreach (var (path, content) in rows)
            {
                db.Execute(
                    "INSERT INTO run_inputs (owner, path, content, taken) VALUES ($owner, $path, $content, $taken);",
                    ("$owner", owner),
                    ("$path", path),
                    ("$content", content),
                    ("$taken", IsoTime.ForDb(inputs.Taken)));
            }
        });
    }

    /// <summary>The owner's copy, or null when it has none (a run started by an ias that kept no copy).</summary>
    public RunInputs? Load(string owner)
    {
        var rows = db.Query(
            "SELECT path, content, taken FROM run_inputs WHERE owner = $owner ORDER BY path;",
            r => (Path: Text(r, "path"), Content: NullableText(r, "content"), Taken: Time(r, "taken")),
            ("$owner", owner));
        if (rows.Count == 0)
        {
            return null;
        }

        var plan = rows.FirstOrDefault(r => r.Path == PlanRow) is { Content: { } json } ? SprintPlan.FromJson(json) : null;
        var files = rows.Where(r => r.Path != PlanRow).ToDictionary(r => r.Path, r => r.Content, StringComparer.Ordinal);
        return new RunInputs(files, rows[0].Taken, plan);
    }
}
