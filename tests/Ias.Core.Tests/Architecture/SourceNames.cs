using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ias.Core.Tests.Architecture;

/// <summary>How the exceptions lists name a declaration: Type.Member(parameter types), or "type" and the type's full name.</summary>
internal static partial class SourceNames
{
    /// <summary>A type's namespace-qualified name, outer types included, with its arity (N.Outer.Inner, N.Box`1).</summary>
    public static string Type(MemberDeclarationSyntax type)
    {
        var (name, parameters) = type switch
        {
            BaseTypeDeclarationSyntax t => (t.Identifier.Text, (t as TypeDeclarationSyntax)?.TypeParameterList),
            DelegateDeclarationSyntax d => (d.Identifier.Text, d.TypeParameterList),
            _ => throw new ArgumentException($"{type.Kind()} is no type", nameof(type)),
        };
        var outer = type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString())
            .Concat(type.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text));
        return string.Join('.', outer.Append(name)) + (parameters is { Parameters.Count: > 0 and var arity } ? $"`{arity}" : "");
    }

    /// <summary>The member's name as Type.Member(parameter types), unique within its file; null for a node that is no member with code.</summary>
    public static string? Member(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => $"{Owner(m)}.{m.Identifier.Text}{Parameters(m.ParameterList)}",
        ConstructorDeclarationSyntax c =>
            $"{Owner(c)}.{(c.Modifiers.Any(SyntaxKind.StaticKeyword) ? "static " : "")}{c.Identifier.Text}{Parameters(c.ParameterList)}",
        DestructorDeclarationSyntax d => $"{Owner(d)}.~{d.Identifier.Text}()",
        OperatorDeclarationSyntax o => $"{Owner(o)}.operator {o.OperatorToken.Text}{Parameters(o.ParameterList)}",
        ConversionOperatorDeclarationSyntax c => $"{Owner(c)}.{c.ImplicitOrExplicitKeyword.Text} operator {Text(c.Type)}{Parameters(c.ParameterList)}",
        AccessorDeclarationSyntax { Parent.Parent: BasePropertyDeclarationSyntax property } a when a.Body is not null || a.ExpressionBody is not null =>
            $"{Property(property)}.{a.Keyword.Text}",
        BasePropertyDeclarationSyntax p and (PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null }) =>
            Property(p),
        LocalFunctionStatementSyntax f => $"{Enclosing(f)}.{f.Identifier.Text}{Parameters(f.ParameterList)}",
        _ => null,
    };

    /// <summary>
    /// The name of anything a doc comment can sit on: a type as "type" and its full name, a member, property, field, event
    /// or enum member as Type.Member; null for any other node.
    /// </summary>
    public static string? Declared(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => $"type {Type((MemberDeclarationSyntax)node)}",
        BasePropertyDeclarationSyntax p => Property(p),
        BaseFieldDeclarationSyntax f => $"{Owner(f)}.{string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.Text))}",
        EnumMemberDeclarationSyntax e => $"{Owner(e)}.{e.Identifier.Text}",
        _ => Member(node),
    };

    private static string Property(BasePropertyDeclarationSyntax p) => p switch
    {
        PropertyDeclarationSyntax property => $"{Owner(p)}.{property.Identifier.Text}",
        IndexerDeclarationSyntax indexer => $"{Owner(p)}.this[{string.Join(", ", indexer.ParameterList.Parameters.Select(Parameter))}]",
        EventDeclarationSyntax e => $"{Owner(p)}.{e.Identifier.Text}",
        _ => Owner(p),
    };

    // A local function is named by the member it is in, and by the local functions it is nested in.
    private static string Enclosing(LocalFunctionStatementSyntax f) =>
        f.Ancestors().Select(Member).FirstOrDefault(name => name is not null) ?? $"{Owner(f)}.top-level statements";

    // Nested types keep their outer types' names: Outer.Inner. A top-level local function has no type, as Program's.
    private static string Owner(SyntaxNode node) =>
        string.Join('.', node.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text)) is { Length: > 0 } owner
            ? owner
            : "Program";

    private static string Parameters(BaseParameterListSyntax list) => $"({string.Join(", ", list.Parameters.Select(Parameter))})";

    private static string Parameter(BaseParameterSyntax p) => p.Type is { } type ? Text(type) : "";

    private static string Text(SyntaxNode node) => Whitespace().Replace(node.ToString(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
