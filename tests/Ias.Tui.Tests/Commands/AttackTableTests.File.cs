namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>Files the engine reads back from places the agent can reach, follow-ups, and other users of the machine.</summary>
    private static Attack[] FileRows =>
    [
    ];
}
