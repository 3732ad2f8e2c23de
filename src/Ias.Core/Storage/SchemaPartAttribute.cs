using System.Diagnostics.CodeAnalysis;

namespace Ias.Core.Storage;

/// <summary>
/// Declares a feature's <see cref="SchemaPart"/> beside it (`[assembly: SchemaPart(typeof(...))]`), so <see cref="RunStore"/>
/// finds every part without naming a feature and without scanning types, which a trimmed native build cannot do.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class SchemaPartAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.NonPublicConstructors)]
    Type part) : Attribute
{
    /// <summary>The part's type; its parameterless constructor is kept by the trimmer for <see cref="RunStore"/> to call.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.NonPublicConstructors)]
    public Type Part { get; } = part;
}
