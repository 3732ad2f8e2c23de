namespace Ias.Core.Storage;

/// <summary>
/// A full disk on demand, for the fault table: a full disk cannot be made without root, so tests name the files whose
/// writes must fail as ENOSPC would. Environment variables a user never sets switch it on:
/// `IAS_FAULT_DISK_FULL` lists file names (`state.json`, `ias.db`, `stdout.jsonl`, comma-separated), and
/// `IAS_FAULT_DISK_FULL_WHILE`, when set, names a file: the disk is "full" only while that file exists, so a test can fill
/// it mid-run and free it again.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The errno .NET puts in an IOException's HResult for ENOSPC.</summary>
    private const int NoSpace = 28;

    private static readonly string[] Names =
        (Environment.GetEnvironmentVariable("IAS_FAULT_DISK_FULL") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static readonly string? While = Environment.GetEnvironmentVariable("IAS_FAULT_DISK_FULL_WHILE") is { Length: > 0 } w ? w : null;

    /// <summary>Whether a write to <paramref name="path"/> must fail as if the disk were full.</summary>
    public static bool DiskFull(string path) =>
        Names.Length > 0 && Names.Contains(Path.GetFileName(path), StringComparer.Ordinal) && (While is null || File.Exists(While));

    /// <summary>The exception .NET throws for ENOSPC on <paramref name="path"/>, word for word.</summary>
    public static IOException NoSpaceLeft(string path) => new($"No space left on device : '{path}'", NoSpace);
}
