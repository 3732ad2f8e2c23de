namespace Ias.Core.Control;

/// <summary>Which way a resume went.</summary>
public enum ResumeResult
{
    /// <summary>An engine was alive and was sent the resume.</summary>
    Sent,

    /// <summary>No engine was alive, so a new one was started.</summary>
    Started,

    /// <summary>No engine was alive and none was started: the caller resumes the run itself.</summary>
    NoEngine,

    /// <summary>The engine had stopped its run and was still on its way out when the wait for it ended: nothing was sent or started.</summary>
    Leaving,
}
