using System.Text;
using Ias.Core.Processes;

namespace Ias.Core.Cycles.Publishing;

/// <summary>The test command's output log: its lines up to a size, then one last line saying how much more there was.</summary>
/// <remarks>A test command is the agent's code, and may print without end: the log must not fill the disk for it.</remarks>
internal sealed class TestOutputLog(TextWriter writer, long keep)
{
    private long _written;
    private long _dropped;

    /// <summary>"… (cut: 316 MB more)" once a line did not fit, else null.</summary>
    public string? Cut => _dropped > 0 ? BoundedCapture.Note(_dropped) : null;

    /// <summary>Writes <paramref name="line"/> if it fits whole in what is left, else counts it; after the first line that does not fit, none is written.</summary>
    public async ValueTask WriteLineAsync(string line)
    {
        var bytes = Encoding.UTF8.GetByteCount(line) + 1L;
        if (_dropped == 0 && _written + bytes <= keep)
        {
            _written += bytes;
            await writer.WriteLineAsync(line).ConfigureAwait(false);
            return;
        }

        _dropped += bytes;
    }

    /// <summary>Ends the log with the cut's line, when there was one.</summary>
    public async ValueTask EndAsync()
    {
        if (Cut is { } cut)
        {
            await writer.WriteLineAsync(cut).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }
}
