namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>The agent's home, environment, sockets, tools and limits.</summary>
    private static Attack[] HomeRows =>
    [
    ];
}
