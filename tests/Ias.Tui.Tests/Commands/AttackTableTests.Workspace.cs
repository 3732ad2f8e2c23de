namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>The agent's private workspace: nothing it writes there runs outside the box, and only a validated patch reaches the checkout.</summary>
    private static Attack[] WorkspaceRows =>
    [
    ];
}
