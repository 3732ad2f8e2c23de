using System.Text;
using Ias.Core.Storage;

namespace Ias.Core.Guardrails;

/// <summary>
/// Appends whole JSON lines to a log in `grimoires/loa/a2a/trajectory/`: the folder made (and `.run/`'s exclude lines in
/// place) before the first write, each line one write in append mode so two writers never interleave, and a log that
/// cannot be written said once (<paramref name="what"/> cannot be written (why); <paramref name="without"/>), the work going on without it.
/// </summary>
public sealed class TrajectoryFile(RunPaths paths, string what, string without, Action<string> warn)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private bool _ready;
    private bool _warned;

    /// <summary>Appends <paramref name="line"/> (one JSON object, no newline) to <paramref name="path"/>.</summary>
    public void Append(string path, string line)
    {
        try
        {
            if (!_ready)
            {
                // The exclude lines go in before the first write, so a log never shows as a change in the work tree.
                paths.EnsureCreated();
                Directory.CreateDirectory(paths.TrajectoryDir);
                _ready = true;
            }

            using var stream = OwnerOnly.Open(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, OwnerOnly.OrdinaryMode);
            stream.Write(Utf8NoBom.GetBytes(line + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StateFileException)
        {
            if (!_warned)
            {
                _warned = true;
                warn($"warning: {what} {paths.Display(path)} cannot be written ({e.Message}); {without}");
            }
        }
    }
}
