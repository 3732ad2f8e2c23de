using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Cycles.Inputs.RunInputsSchema))]

namespace Ias.Core.Cycles.Inputs;

/// <summary>The copies of ias's own input files that each run and sprint plan took when it started (see <see cref="RunInputs"/>).</summary>
internal sealed class RunInputsSchema : SchemaPart
{
    private const string Table = """
        CREATE TABLE run_inputs (
            owner   TEXT NOT NULL,
            path    TEXT NOT NULL,
            content TEXT,
            taken   TEXT NOT NULL,
            PRIMARY KEY (owner, path)
        );

        """;

    public override string Create => Table;

    // Schema 3: the inputs a run keeps. A run from before has none, and a resume takes the files as they are then.
    public override string Upgrade(long version) => version == 2 ? Table : "";
}
