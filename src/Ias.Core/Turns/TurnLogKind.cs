namespace Ias.Core.Turns;

/// <summary>The kinds of line in <see cref="TurnLog"/>'s file, as the file spells them.</summary>
public static class TurnLogKind
{
    public const string System = "system";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
    public const string ToolResult = "tool_result";
    public const string Retry = "retry";
    public const string Error = "error";
}
