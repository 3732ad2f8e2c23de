using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The engine's source keeps to <see cref="CoreFloors"/> too, down to the references the compiled engine forgets:
/// a const, a nameof, an attribute argument or a static using that points at a folder on a higher floor.
/// </summary>
public sealed class SourceFloorTests
{
    // Compiled once for both checks of the engine's own source.
    private static readonly Lazy<CSharpCompilation> Engine = new(() => CoreSource.Compile(CoreSource.Trees()));

    [Fact]
    public void No_name_in_a_folder_of_the_engine_stands_for_a_symbol_of_a_folder_it_may_not_use()
    {
        var compilation = Engine.Value;

        // A name the compiler cannot resolve here would be a reference this check cannot see.
        var unresolved = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(unresolved.Count == 0,
            $"the engine's source does not compile here, so this check would miss references; fix {nameof(CoreSource)}.{nameof(CoreSource.Compile)}:\n  "
            + string.Join("\n  ", unresolved.Take(20)));

        var references = CoreSource.AcrossFolders(compilation).ToList();
        Assert.Contains(references, r => r is { From: "Jobs", To: "Storage" });

        var upward = references
            .Where(r => !CoreFloors.Allows(r.From, r.To))
            .Select(r => r.ToString())
            .Distinct()
            .ToList();
        Assert.True(upward.Count == 0, "these names point at folders their own folder may not use:\n  " + string.Join("\n  ", upward));
    }

    [Fact]
    public void No_name_in_a_room_stands_for_a_symbol_of_a_room_above_it()
    {
        var references = CoreSource.AcrossRooms(Engine.Value).ToList();
        Assert.Contains(references, r => r is { From: "Cycles.Engine", To: "Cycles.Steps" });

        var upward = references
            .Where(r => !CoreFloors.AllowsRoom(r.From, r.To))
            .Select(r => r.ToString())
            .Distinct()
            .ToList();
        Assert.True(upward.Count == 0, "these names point at rooms above their own:\n  " + string.Join("\n  ", upward));
    }

    [Fact]
    public void A_name_that_points_at_a_room_above_its_own_is_reported()
    {
        var engine = Tree("Planted/Cycles/Engine/PlantedEngine.cs", """
            namespace Ias.Core.Cycles.Engine;

            public static class PlantedEngine
            {
                public const int Limit = 3;
            }
            """);
        var records = Tree("Planted/Cycles/Records/PlantedRecord.cs", """
            namespace Ias.Core.Cycles.Records;

            public static class PlantedRecord
            {
                public const int Limit = Engine.PlantedEngine.Limit;
                public static int Allowed => Lifecycle.PlantedPhase.Limit;
            }
            """);
        var lifecycle = Tree("Planted/Cycles/Lifecycle/PlantedPhase.cs", """
            namespace Ias.Core.Cycles.Lifecycle;

            public static class PlantedPhase
            {
                public const int Limit = 1;
            }
            """);

        var reported = CoreSource.AcrossRooms(CoreSource.Compile([engine, records, lifecycle]))
            .Where(r => !CoreFloors.AllowsRoom(r.From, r.To))
            .ToList();

        Assert.All(reported, r => Assert.Equal(("Planted/Cycles/Records/PlantedRecord.cs", 5, "Cycles.Records", "Cycles.Engine"), (r.File, r.Line, r.From, r.To)));
        Assert.Contains(reported, r => r.ToString().EndsWith(
            "Ias.Core.Cycles.Records may use only the rooms of Cycles below it: Lifecycle, Findings, A2a, Inputs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_const_a_nameof_an_attribute_argument_and_a_static_using_that_point_upward_are_each_reported()
    {
        var top = Tree("Planted/Control/PlantedTop.cs", """
            namespace Ias.Core.Control;

            public static class PlantedTop
            {
                public const int Limit = 3;
                public const string Reason = "planted";

                public static int Twice(int x) => 2 * x;
            }
            """);
        var ground = Tree("Planted/Storage/PlantedGround.cs", """
            using static Ias.Core.Control.PlantedTop;

            namespace Ias.Core.Storage;

            public static class PlantedGround
            {
                public const int Limit = Ias.Core.Control.PlantedTop.Limit;
                public const string Name = nameof(Control.PlantedTop);
                [System.Obsolete(Control.PlantedTop.Reason)] public static void Old() { }
                public static int Four => Twice(2);
                public static int Allowed => Config.PlantedConfig.Limit;
            }
            """);
        var config = Tree("Planted/Config/PlantedConfig.cs", """
            namespace Ias.Core.Config;

            public static class PlantedConfig
            {
                public const int Limit = 1;
            }
            """);

        var reported = CoreSource.AcrossFolders(CoreSource.Compile([top, ground, config]))
            .Where(r => !CoreFloors.Allows(r.From, r.To))
            .ToList();

        Assert.All(reported, r => Assert.Equal(("Planted/Storage/PlantedGround.cs", "Storage", "Control"), (r.File, r.From, r.To)));
        Assert.Equal([7, 8, 9, 10], reported.Select(r => r.Line).Distinct().Order());
        Assert.Contains(reported, r => r.ToString().StartsWith(
            "Planted/Storage/PlantedGround.cs:8: Ias.Core.Storage uses Ias.Core.Control.PlantedTop of Ias.Core.Control; Ias.Core.Storage may use only StateMachines, Config",
            StringComparison.Ordinal));
    }

    private static SyntaxTree Tree(string path, string text) => CSharpSyntaxTree.ParseText(text, Sources.ParseOptions, path);
}
