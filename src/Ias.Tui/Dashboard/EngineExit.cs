namespace Ias.Tui.Dashboard;

/// <summary>How an engine the dashboard started ended: its exit code, and the last line of the engine log (its refusal or error, if it failed).</summary>
public sealed record EngineExit(int Code, string? LastLine)
{
    /// <summary>The exit code of an engine that failed (bad input, a refusal, a crash): its last line is worth the footer.</summary>
    public const int FailedCode = 2;

    /// <summary>The line the footer says: the last line of an engine that failed; null for one that ended as runs end.</summary>
    public string? Failure => Code == FailedCode ? LastLine : null;
}
