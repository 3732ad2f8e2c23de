namespace Ias.Core.Git;

/// <summary>What a run does with its branch at the end: --local, --confirm-push or auto_push.</summary>
public enum PushMode
{
    /// <summary>Push the feature branch and open a draft PR.</summary>
    Push,

    /// <summary>Show the change summary and ask first; without a terminal, keep local.</summary>
    Confirm,

    /// <summary>No push, no PR.</summary>
    Local,
}
