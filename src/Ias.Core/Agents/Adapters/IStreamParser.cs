using System.Text;

namespace Ias.Core.Agents.Adapters;

/// <summary>Reads one agent CLI's output, line by line, into agent events; one parser per run.</summary>
public interface IStreamParser
{
    /// <summary>True once the final result event was read.</summary>
    bool SawResult { get; }

    /// <summary>API calls so far, as well as the stream format lets them be counted.</summary>
    int ApiCalls { get; }

    /// <summary>The session id the CLI reported, for resuming it later.</summary>
    string? SessionId { get; }

    /// <summary>When the usage limit resets, if a limit was reported.</summary>
    DateTimeOffset? UsageLimitResetsAt { get; }

    /// <summary>The failure class stderr pointed at, for runs that end without a result event.</summary>
    FailureClass? StderrHint { get; }

    /// <summary>Parses one stdout line; never throws.</summary>
    IEnumerable<AgentEvent> Parse(string line);

    /// <summary>Parses one stdout line of valid UTF-8 into <paramref name="events"/>; never throws. A format read often overrides it to skip the string.</summary>
    void Parse(ReadOnlySpan<byte> line, List<AgentEvent> events) => events.AddRange(Parse(Encoding.UTF8.GetString(line)));

    /// <summary>Notes what a stderr line says about the failure, if anything.</summary>
    void ObserveStderr(string line);

    /// <summary>Whether an output line is the agent working, which holds off the idle limit; the CLI's own retry chatter is not.</summary>
    bool IsProgress(string line) => true;

    /// <summary>As <see cref="IsProgress(string)"/>, for a line of valid UTF-8.</summary>
    bool IsProgress(ReadOnlySpan<byte> line) => IsProgress(Encoding.UTF8.GetString(line));

    /// <summary>The result of a run that printed no result event: a plain-text run's, or what a CLI's documented exit code says; null when the stream should have carried one.</summary>
    FinalResult? Finish(int? exitCode) => null;
}
