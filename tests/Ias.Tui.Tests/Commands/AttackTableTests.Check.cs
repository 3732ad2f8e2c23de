namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>What the person and the reviewer are shown of what the agent did to its own checks.</summary>
    private static Attack[] CheckRows =>
    [
    ];
}
