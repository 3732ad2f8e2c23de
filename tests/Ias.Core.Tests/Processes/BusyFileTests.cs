using System.Diagnostics;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

/// <summary>A script still open for writing somewhere cannot start (ETXTBSY): its start is tried again, and given up with the system's words.</summary>
public sealed class BusyFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_start_refused_while_the_file_is_open_for_writing_succeeds_once_it_is_closed()
    {
        var script = Script();
        var writer = File.OpenHandle(script, FileMode.Open, FileAccess.Write);
        var attempts = 0;

        var said = BusyFile.Retry(() =>
        {
            if (++attempts == 2)
            {
                writer.Dispose();
            }

            using var process = Process.Start(new ProcessStartInfo(script) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        });

        // Refused while open, then started once closed: a child another test forks meanwhile holds the file open too until
        // its own exec, so the start after the close may be refused once more; that is the race Retry is for.
        Assert.InRange(attempts, 2, 8);
        Assert.Equal("hi\n", said);
    }

    [Fact]
    public void A_file_busy_throughout_is_refused_in_the_systems_words()
    {
        var script = Script();
        using var writer = File.OpenHandle(script, FileMode.Open, FileAccess.Write);

        var refused = Assert.Throws<CliProcessException>(() => CliProcess.Run(script, _dir.Path, [], new Dictionary<string, string>(), TimeSpan.FromMinutes(1), "the script"));

        Assert.Contains("Text file busy", refused.Message, StringComparison.Ordinal);
    }

    private string Script()
    {
        var path = _dir.Combine("hi.sh");
        File.WriteAllText(path, "#!/bin/sh\necho hi\n");
        IceShim.MakeExecutable(path);
        return path;
    }
}
