using System.Text;

namespace Ias.Core.Processes;

/// <summary>A child's lines as strings, one awaited callback each, for callers that read little output.</summary>
internal sealed class TextLines(Func<string, ValueTask> onLine, Func<string, bool>? isProgress) : ILineSink
{
    // Invalid bytes become U+FFFD, as a terminal would show them; the stream goes on.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly List<string> _lines = [];

    public bool Line(ReadOnlySpan<byte> line)
    {
        var text = Utf8.GetString(line);
        _lines.Add(text);
        return isProgress?.Invoke(text) ?? true;
    }

    public async ValueTask ReadEndAsync()
    {
        try
        {
            foreach (var line in _lines)
            {
                await onLine(line).ConfigureAwait(false);
            }
        }
        finally
        {
            _lines.Clear();
        }
    }
}
