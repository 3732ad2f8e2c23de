using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ias.Core.Tests.Architecture;

/// <summary>One doc comment's summary: where it starts, what it is on (as <see cref="SourceNames.Declared"/>), and its length.</summary>
internal sealed record SourceSummary(string File, int Line, string Member, int Length)
{
    /// <summary>How the exceptions list names it: the file's path, then what the summary is on.</summary>
    public string Key => $"{File} {Member}";
}

/// <summary>
/// Measures each summary as a reader sees it: its text with whitespace collapsed to single spaces, a reference counted as
/// the name it shows (<c>&lt;see cref="A.B(int)"/&gt;</c> as "B", <c>&lt;paramref name="p"/&gt;</c> as "p").
/// </summary>
internal static partial class SourceSummaries
{
    public const int Limit = 160;

    /// <summary>Every summary in every file under src/.</summary>
    public static IReadOnlyList<SourceSummary> OfSources() => [.. Sources.Trees("src").SelectMany(Of)];

    public static IEnumerable<SourceSummary> Of(SyntaxTree tree) =>
        from trivia in tree.GetRoot().DescendantTrivia()
        where trivia.GetStructure() is DocumentationCommentTriviaSyntax
        from summary in ((DocumentationCommentTriviaSyntax)trivia.GetStructure()!).Content.OfType<XmlElementSyntax>()
        where summary.StartTag.Name.LocalName.Text == "summary"
        select new SourceSummary(tree.FilePath, tree.GetLineSpan(summary.Span).StartLinePosition.Line + 1, On(trivia.Token), Text(summary).Length);

    /// <summary>The text a reader sees in <paramref name="element"/>'s content, whitespace collapsed.</summary>
    public static string Text(XmlElementSyntax element) => Whitespace().Replace(Shown(element.Content), " ").Trim();

    // The declaration a doc comment is on: the one that starts with the token the comment is before.
    private static string On(SyntaxToken token) =>
        token.Parent!.AncestorsAndSelf().TakeWhile(node => node.GetFirstToken() == token)
            .Select(SourceNames.Declared).FirstOrDefault(name => name is not null) ?? $"{token.Parent.Kind()}";

    private static string Shown(SyntaxList<XmlNodeSyntax> nodes) => string.Concat(nodes.Select(node => node switch
    {
        XmlTextSyntax text => string.Concat(text.TextTokens.Select(t => t.ValueText)),
        XmlCDataSectionSyntax data => string.Concat(data.TextTokens.Select(t => t.ValueText)),
        XmlElementSyntax { Content.Count: > 0 } element => Shown(element.Content),
        XmlElementSyntax element => Shown(element.StartTag.Attributes),
        XmlEmptyElementSyntax empty => Shown(empty.Attributes),
        _ => "",
    }));

    // An element without text shows what its attribute names: a cref's last name, a parameter's name, a keyword, a link.
    private static string Shown(SyntaxList<XmlAttributeSyntax> attributes) => attributes.Select(attribute => attribute switch
    {
        XmlCrefAttributeSyntax cref => Name(cref.Cref),
        XmlNameAttributeSyntax name => name.Identifier.Identifier.Text,
        XmlTextAttributeSyntax { Name.LocalName.Text: "langword" or "href" } text => string.Concat(text.TextTokens.Select(t => t.ValueText)),
        _ => "",
    }).FirstOrDefault(shown => shown.Length > 0) ?? "";

    private static string Name(CrefSyntax cref) => cref switch
    {
        QualifiedCrefSyntax qualified => Name(qualified.Member),
        NameMemberCrefSyntax member => Name(member.Name),
        TypeCrefSyntax type => Name(type.Type),
        IndexerMemberCrefSyntax => "this[]",
        OperatorMemberCrefSyntax op => $"operator {op.OperatorToken.Text}",
        ConversionOperatorMemberCrefSyntax conversion => $"{conversion.ImplicitOrExplicitKeyword.Text} operator {conversion.Type}",
        _ => cref.ToString(),
    };

    private static string Name(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => Name(qualified.Right),
        AliasQualifiedNameSyntax alias => Name(alias.Name),
        GenericNameSyntax generic => $"{generic.Identifier.Text}<{string.Join(", ", generic.TypeArgumentList.Arguments)}>",
        SimpleNameSyntax simple => simple.Identifier.Text,
        _ => type.ToString(),
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
