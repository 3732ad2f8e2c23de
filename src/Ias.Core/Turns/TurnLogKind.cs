namespace Ias.Core.Turns;

/// <summary>What a line of <see cref="TurnLog"/>'s file is, so a reader can colour it; the file spells each as <see cref="TurnLogKinds.Wire"/> says.</summary>
public enum TurnLogKind
{
    System,
    Assistant,
    Tool,
    ToolResult,
    Retry,
    Error,
}

/// <summary>How the turn's log file names the kind of each line.</summary>
public static class TurnLogKinds
{
    public static string Wire(this TurnLogKind kind) => kind switch
    {
        TurnLogKind.System => "system",
        TurnLogKind.Assistant => "assistant",
        TurnLogKind.Tool => "tool",
        TurnLogKind.ToolResult => "tool_result",
        TurnLogKind.Retry => "retry",
        TurnLogKind.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a turn log kind"),
    };

    /// <summary>The kind a line of the file names; a name the file does not know reads as a system line.</summary>
    public static TurnLogKind Parse(string wire) => wire switch
    {
        "assistant" => TurnLogKind.Assistant,
        "tool" => TurnLogKind.Tool,
        "tool_result" => TurnLogKind.ToolResult,
        "retry" => TurnLogKind.Retry,
        "error" => TurnLogKind.Error,
        _ => TurnLogKind.System,
    };
}
