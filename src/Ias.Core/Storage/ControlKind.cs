namespace Ias.Core.Storage;

/// <summary>What `ias run-halt` / `ias run-resume` (or the dashboard) asks the engine process to do.</summary>
public enum ControlKind
{
    Halt,
    Resume,
}
