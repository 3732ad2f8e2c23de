using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ias.Core.Tests.Architecture;

/// <summary>The repository's C# sources as the compiler reads them, found from where the tests run.</summary>
internal static class Sources
{
    /// <summary>The language the projects build with (LangVersion latest).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The folder that holds Ias.Tui.sln: the repository, or the worktree, the tests were built in.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every .cs file under <paramref name="folder"/> (relative to the root), build output left out, as a relative path with '/'.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)];

    /// <summary>The syntax tree of a file under the root, named by its relative path so messages point at it.</summary>
    public static SyntaxTree Parse(string relativePath) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(Root, relativePath)), ParseOptions, relativePath);

    /// <summary>The syntax tree of every .cs file under <paramref name="folder"/>, as <see cref="Files"/> lists them.</summary>
    public static IReadOnlyList<SyntaxTree> Trees(string folder) => [.. Files(folder).Select(Parse)];

    private static string FindRoot()
    {
        // The test assembly runs from tests/<project>/bin/<configuration>/<framework>/ below the root, whatever the
        // root is called (a clone, a worktree, a CI checkout), so the first folder above it with the solution is the root.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ias.Tui.sln")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"no folder above {AppContext.BaseDirectory} holds Ias.Tui.sln and src/; run these tests from a build inside the repository");
    }
}
