namespace Ias.Core.Cycles.Records;

/// <summary>One line of `.run/deleted-files.log`: the repo-relative path, the sprint ("sprint-1") and the cycle it was deleted in.</summary>
public sealed record DeletedFile(string Path, string Sprint, int Cycle);
