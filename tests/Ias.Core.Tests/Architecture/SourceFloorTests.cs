using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The engine's source keeps to <see cref="CoreFloors"/> too, down to the references the compiled engine forgets:
/// a const, a nameof, an attribute argument or a static using that points at a folder on a higher floor.
/// </summary>
public sealed class SourceFloorTests
{
    [Fact]
    public void No_name_in_a_folder_of_the_engine_stands_for_a_symbol_of_a_folder_it_may_not_use()
    {
        var compilation = CoreSource.Compile(CoreSource.Trees());

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
