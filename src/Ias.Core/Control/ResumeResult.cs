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
}
