using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ias.Core.Tests.Architecture;

/// <summary>A name in one folder of the engine's source that stands for a symbol declared in another folder.</summary>
internal sealed record FolderReference(string File, int Line, string From, string To, string Symbol)
{
    public override string ToString() =>
        $"{File}:{Line}: {CoreFloors.Root}.{From} uses {Symbol} of {CoreFloors.Root}.{To}; {CoreFloors.Root}.{From} may use only {CoreFloors.Describe(From)}";
}

/// <summary>
/// The engine's source compiled here with a full semantic model, so every name is resolved as the compiler resolves it:
/// through usings, static usings, aliases, nesting and qualified names alike. IL loses a const (its value is copied in)
/// and a nameof (it becomes a string), attribute arguments are often constants too; the source keeps all of them.
/// </summary>
internal static class CoreSource
{
    // The usings Microsoft.NET.Sdk adds to every project with ImplicitUsings, which the build writes to a file under obj/.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The syntax trees of src/Ias.Core.</summary>
    public static IReadOnlyList<SyntaxTree> Trees() => [.. Sources.Files("src/Ias.Core").Select(Sources.Parse)];

    /// <summary>
    /// <paramref name="trees"/> compiled against the assemblies this test runs with: the running framework and the
    /// packages next to the test assembly, which include every package the engine uses. The engine's own assembly is
    /// left out, so its types come from the trees and not from a second copy.
    /// </summary>
    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !Path.GetFileName(path).StartsWith("Ias.", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));

        var compilation = CSharpCompilation.Create(
            "Ias.Core",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, Sources.ParseOptions, "ImplicitUsings.g.cs"), .. trees],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // The members the build's source generators add (a JSON context's Default, a generated regex) are names like any
        // other, and without them the compiler could not resolve the names that use them.
        CSharpGeneratorDriver.Create(Generators(), parseOptions: Sources.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        return (CSharpCompilation)generated;
    }

    /// <summary>The engine's source generators, from the targeting pack of the running framework in the SDK that runs the tests.</summary>
    private static IEnumerable<ISourceGenerator> Generators()
    {
        // The runtime is dotnet/shared/Microsoft.NETCore.App/<version>/; the pack is dotnet/packs/Microsoft.NETCore.App.Ref/<version>/.
        var dotnet = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var pack = new DirectoryInfo(Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref"));
        var version = pack.Exists
            ? pack.GetDirectories($"{Environment.Version.Major}.*").Select(d => d.Name).MaxBy(v => Version.TryParse(v, out var n) ? n : null)
            : null;
        if (version is null)
        {
            throw new InvalidOperationException(
                $"no targeting pack for .NET {Environment.Version.Major} under {pack.FullName}; run the tests with the SDK that builds the engine");
        }

        var analyzers = Path.Combine(pack.FullName, version, "analyzers", "dotnet", "cs");
        return ((string[])["System.Text.Json.SourceGeneration.dll", "System.Text.RegularExpressions.Generator.dll"])
            .SelectMany(file => new AnalyzerFileReference(Path.Combine(analyzers, file), Loader.Instance).GetGenerators(LanguageNames.CSharp));
    }

    /// <summary>Every name in <paramref name="compilation"/> that, in one folder of the floors' table, stands for a symbol of another.</summary>
    public static IEnumerable<FolderReference> AcrossFolders(CSharpCompilation compilation) => Across(compilation, CoreFloors.FolderOf);

    /// <summary>Every name in <paramref name="compilation"/> that, in one room of <see cref="CoreFloors.Rooms"/>, stands for a symbol of another room.</summary>
    public static IEnumerable<FolderReference> AcrossRooms(CSharpCompilation compilation) => Across(compilation, CoreFloors.RoomOf);

    /// <summary>Every name that, in the place <paramref name="placeOf"/> gives its namespace, stands for a symbol of another place.</summary>
    private static IEnumerable<FolderReference> Across(CSharpCompilation compilation, Func<string?, string?> placeOf)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);

            // Doc comments are structured trivia, which this does not descend into: a cref may name what uses a piece,
            // which is no dependency. A using directive alone is none either (the build warns of unused ones); the names
            // it brings in are checked where they are used.
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null
                    || placeOf(name.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>()?.Name.ToString()) is not { } from)
                {
                    continue;
                }

                foreach (var symbol in Symbols(model.GetSymbolInfo(name)))
                {
                    if (placeOf(NamespaceOf(symbol)) is { } to && to != from)
                    {
                        var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        yield return new FolderReference(tree.FilePath, line, from, to, symbol.ToDisplayString());
                    }
                }
            }
        }
    }

    /// <summary>Loads a generator as the runtime loads any assembly: by path, its dependencies from beside it.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public static Loader Instance { get; } = new();

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    // A nameof of a method group, or a call the compiler could not pick an overload for, has candidates and no symbol.
    private static IEnumerable<ISymbol> Symbols(SymbolInfo info) => info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;

    private static string? NamespaceOf(ISymbol symbol) => symbol switch
    {
        IAliasSymbol alias => NamespaceOf(alias.Target),
        IArrayTypeSymbol array => NamespaceOf(array.ElementType),
        IPointerTypeSymbol pointer => NamespaceOf(pointer.PointedAtType),

        // A namespace is no dependency by itself (the names after it are); locals and the like live where they are used.
        INamespaceSymbol or ITypeParameterSymbol or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol or IDiscardSymbol => null,
        _ => symbol.ContainingNamespace?.ToDisplayString(),
    };
}
