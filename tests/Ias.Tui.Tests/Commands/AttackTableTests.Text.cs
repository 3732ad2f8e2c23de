namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>Text from the agent is inert wherever it is shown or stored; secrets stay redacted.</summary>
    private static Attack[] TextRows =>
    [
    ];
}
