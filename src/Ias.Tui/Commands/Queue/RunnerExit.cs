namespace Ias.Tui.Commands.Queue;

/// <summary>How a detached runner that stopped as it started ended: its exit code and its log's last line, which says why.</summary>
public sealed record RunnerExit(int Code, string? LastLine);
