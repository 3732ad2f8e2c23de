using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The size of one file (<see cref="Member"/> null), of one member in it, or of one type (<see cref="IsType"/>, its
/// declarations in every file together), in lines, from its first line to its last.
/// </summary>
internal sealed record SourceSize(string File, int Line, string? Member, int Lines)
{
    /// <summary>A type's size: a partial type's declarations summed over its files; <see cref="File"/> is the first of them.</summary>
    public bool IsType { get; init; }

    /// <summary>How the exceptions list names it: the file's path, then the member's name and parameter types, or "type" and the type's name.</summary>
    public string Key => Member is null ? File : $"{File} {Member}";

    public int Limit => Member is null || IsType ? SourceSizes.FileLimit : SourceSizes.MemberLimit;

    public string What => Member is null ? "the file" : Member;
}

/// <summary>Measures files and the members with code in them: methods, constructors, operators, accessors, expression-bodied properties and local functions.</summary>
internal static class SourceSizes
{
    public const int FileLimit = 500;
    public const int MemberLimit = 80;

    /// <summary>Every file under src/, every member in it, and every type.</summary>
    public static IReadOnlyList<SourceSize> OfSources()
    {
        var trees = Sources.Trees("src");
        return [.. trees.SelectMany(Of), .. Types(trees)];
    }

    /// <summary>
    /// Each top-level type's size: the lines of all its declarations, so a type split into partial files is measured whole.
    /// It is named "type" and its namespace-qualified name, at its declaration in the file of its own name (A.cs before A.Parts.cs).
    /// </summary>
    public static IEnumerable<SourceSize> Types(IEnumerable<SyntaxTree> trees) =>
        trees.OrderBy(t => Path.GetFileName(t.FilePath).Count(c => c == '.')).ThenBy(t => t.FilePath, StringComparer.Ordinal)
            .SelectMany(tree => tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseTypeDeclarationSyntax>())
            .GroupBy(SourceNames.Type, StringComparer.Ordinal)
            .Select(g => Measure(g.First().SyntaxTree, $"type {g.Key}", g.First().Span.Start, g.First().Span.End) with
            {
                Lines = g.Sum(t => Measure(t.SyntaxTree, g.Key, t.Span.Start, t.Span.End).Lines),
                IsType = true,
            });

    public static IEnumerable<SourceSize> Of(SyntaxTree tree)
    {
        var text = tree.GetText();

        // A final newline ends the last line; it starts no line of its own.
        var lines = text.Lines.Count - (text.Length > 0 && text[^1] == '\n' ? 1 : 0);
        yield return new SourceSize(tree.FilePath, 1, null, lines);

        var root = (CompilationUnitSyntax)tree.GetRoot();
        var statements = root.Members.OfType<GlobalStatementSyntax>().ToList();
        if (statements.Count > 0)
        {
            yield return Measure(tree, "top-level statements", statements[0].Span.Start, statements[^1].Span.End);
        }

        foreach (var node in root.DescendantNodes())
        {
            if (SourceNames.Member(node) is { } name)
            {
                yield return Measure(tree, name, node.Span.Start, node.Span.End);
            }
        }
    }

    private static SourceSize Measure(SyntaxTree tree, string member, int start, int end)
    {
        var span = tree.GetLineSpan(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end));
        return new SourceSize(tree.FilePath, span.StartLinePosition.Line + 1, member, span.EndLinePosition.Line - span.StartLinePosition.Line + 1);
    }
}
