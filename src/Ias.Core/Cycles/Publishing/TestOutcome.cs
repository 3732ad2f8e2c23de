namespace Ias.Core.Cycles.Publishing;

/// <summary>How the project's test command ended when ias ran it before publishing.</summary>
public enum TestOutcome
{
    /// <summary>Not run: no test command is set, or the run halted before it finished.</summary>
    NotRun,

    /// <summary>The command exited 0.</summary>
    Passed,

    /// <summary>The command exited with another code.</summary>
    Failed,

    /// <summary>The command ran past ias.test_timeout_minutes and was killed.</summary>
    TimedOut,

    /// <summary>ias could not run the command at all (no commit to test, the throwaway checkout or the box failed).</summary>
    Broken,
}
