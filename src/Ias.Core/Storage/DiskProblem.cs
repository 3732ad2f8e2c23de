namespace Ias.Core.Storage;

/// <summary>Why a directory takes no writes: it is full, or it is read-only for the reason in <see cref="Why"/>.</summary>
public sealed record DiskProblem(bool IsFull, string? Why)
{
    public static DiskProblem Full { get; } = new(true, null);

    public static DiskProblem ReadOnly(string why) => new(false, why);
}
