namespace Ias.Core.Cycles.Lifecycle;

/// <summary>Thrown by a save that found the run's state taken away and rebuilt it; the engine catches it and halts the run.</summary>
internal sealed class RunStateLostException(LostState lost) : Exception(lost.HaltReason)
{
    public LostState Lost { get; } = lost;
}
