using System.Reflection;
using Ias.Core.Storage;
using NetArchTest.Rules;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The folders of Ias.Core stand on floors: generic pieces on the ground, the tools (git, safety) above them, the agents,
/// then the orchestrators, then the read model and the engine client on top. A folder uses only what stands below it
/// (and, on its own floor, only the folders this table names), so the folders form no cycle.
/// </summary>
public sealed class FloorTests
{
    private const string Root = "Ias.Core";

    private static readonly string[] Ground = ["StateMachines", "Config", "Storage", "Processes"];
    private static readonly string[] Tools = [.. Ground, "Git", "Safety", "Sandbox", "Guardrails", "Notifications", "Decisions"];
    private static readonly string[] UpToAgents = [.. Tools, "Agents"];
    private static readonly string[] UpToTurns = [.. UpToAgents, "Turns"];
    private static readonly string[] UpToCycles = [.. UpToTurns, "Cycles"];
    private static readonly string[] Orchestrators = [.. UpToCycles, "Plans", "Bugs", "Jobs"];

    /// <summary>Each folder and the folders it may use; it may use no other folder of this table.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        // Ground floor: generic pieces that know no feature.
        ["StateMachines"] = [],
        ["Config"] = [],
        ["Storage"] = ["StateMachines", "Config"],
        ["Processes"] = ["StateMachines", "Config", "Storage"],

        // Tools: git and gh, then safety, whose ICE asks git about the repository.
        ["Git"] = Ground,
        ["Safety"] = [.. Ground, "Git"],

        // The box the agent runs in: bubblewrap's command line for one repository, built from what git says of it.
        ["Sandbox"] = [.. Ground, "Git"],

        // The checks on what agents are given (danger levels, personal data, injection), redacting secrets as safety does.
        ["Guardrails"] = [.. Ground, "Safety"],

        // Telling a person about a gate: the hook's JSON has its secrets redacted, as safety does.
        ["Notifications"] = [.. Ground, "Safety"],

        // The questions agents ask people: their table, their record files and the file `ias ask` leaves in the turn's folder.
        ["Decisions"] = Ground,

        ["Agents"] = Tools,

        // The one agent turn every orchestrator runs: workspace, launch, display lines, commit, the failure-action table.
        ["Turns"] = UpToAgents,

        // Orchestrators: Run Mode's cycles, which a sprint plan and a bug run drive, and the job queue.
        ["Cycles"] = UpToTurns,
        ["Plans"] = UpToCycles,
        ["Bugs"] = UpToCycles,
        ["Jobs"] = UpToCycles,

        // Top: the read model, and the engine client that may read it.
        ["Snapshots"] = Orchestrators,
        ["Control"] = [.. Orchestrators, "Snapshots"],
    };

    private static readonly Assembly Core = typeof(RunPaths).Assembly;

    public static TheoryData<string> Folders() => [.. MayUse.Keys];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_on_the_floors_below_it(string folder)
    {
        var problems = MayUse.Keys
            .Where(other => other != folder && !MayUse[folder].Contains(other))
            .SelectMany(other => Offenders(folder, other).Select(type => $"{type} uses {Root}.{other}"))
            .ToList();

        Assert.True(problems.Count == 0,
            $"{Root}.{folder} may use only {(MayUse[folder].Length == 0 ? "no other folder" : string.Join(", ", MayUse[folder]))}, but:\n  "
            + string.Join("\n  ", problems));
    }

    [Fact]
    public void Every_folder_of_the_engine_has_a_floor()
    {
        var folders = Core.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(ns => ns[(Root.Length + 1)..].Split('.')[0])
            .Distinct();

        Assert.All(folders, f => Assert.True(MayUse.ContainsKey(f), $"{Root}.{f} is on no floor; add it to the table with the folders it may use"));
    }

    [Fact]
    public void The_table_of_floors_has_no_cycle()
    {
        var done = new HashSet<string>();
        var visiting = new HashSet<string>();
        foreach (var folder in MayUse.Keys)
        {
            Visit(folder);
        }

        void Visit(string folder)
        {
            if (done.Contains(folder))
            {
                return;
            }

            Assert.True(visiting.Add(folder), $"the floors go round in a circle through {folder}");
            foreach (var used in MayUse[folder])
            {
                Visit(used);
            }

            visiting.Remove(folder);
            done.Add(folder);
        }
    }

    /// <summary>The types of <paramref name="folder"/> that use anything in <paramref name="other"/>.</summary>
    private static IEnumerable<string> Offenders(string folder, string other) =>
        (Types.InAssembly(Core).That().ResideInNamespace($"{Root}.{folder}")
            .ShouldNot().HaveDependencyOn($"{Root}.{other}").GetResult().FailingTypeNames ?? [])
        .Distinct()
        .Order(StringComparer.Ordinal);
}
