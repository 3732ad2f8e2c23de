namespace Ias.Core.Snapshots;

/// <summary>What a log line is, so the view can colour it.</summary>
public enum LogKind
{
    System,
    Assistant,
    Tool,
    ToolResult,
    Retry,
    Error,
}
