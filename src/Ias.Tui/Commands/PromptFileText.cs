using Ias.Core.Config;
using Ias.Core.Jobs;

namespace Ias.Tui.Commands;

/// <summary>The text of a `--prompt-file`, refused with one line when the file is over the prompt size limit, before any of it is read.</summary>
public static class PromptFileText
{
    /// <summary>Reads <paramref name="path"/>, named in a refusal as the user gave it (<paramref name="shown"/>).</summary>
    public static Task<string> ReadAsync(string path, string shown, CancellationToken ct) =>
        InputLimits.PromptFile.ReadTextAsync(path, shown, message => new QueueException(message), ct);
}
