using System.Text;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>`ias demo` opens the dashboard while its engine starts: from its first frame it says the run is starting, never that there is none.</summary>
public sealed class StartingRunEndToEndTests
{
    private const string NoRun = "no run here yet";

    public StartingRunEndToEndTests() => Tmux.AssertInstalled();

    [Fact(Timeout = 600_000)]
    public async Task The_demos_first_frames_say_sprint_1_is_starting_until_its_run_shows_and_never_that_there_is_no_run()
    {
        using var dir = new TempDir();
        var raw = Path.Combine(dir.Path, "pane.raw");
        using var tmux = Tmux.StartHeld(120, 40, dir.Path, null, "demo", "--dir", Path.Combine(dir.Path, "demo"));
        tmux.PipeTo(raw);
        tmux.Go();

        // Every screen from the start until the run shows; the bytes below hold the frames drawn between two looks.
        var screen = await tmux.WaitForAsync(
            s => s.Contains(NoRun, StringComparison.Ordinal) || s.Contains("c1 IMPLEMENT", StringComparison.Ordinal),
            "the run's first phase");
        Assert.DoesNotContain(NoRun, screen);
        await tmux.WaitForAsync(" DONE ");

        // The first frame is drawn whole, so its header's words are in the pane's bytes as they were written: it is the
        // run starting, or (had the engine been quicker than the dashboard) the run itself.
        var bytes = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(raw));
        var first = bytes[..Math.Max(0, bytes.IndexOf("\u001b[?2026l", StringComparison.Ordinal))];
        Assert.True(first.Contains("starting sprint-1…", StringComparison.Ordinal) || first.Contains(" RUNNING ", StringComparison.Ordinal), $"the first frame says neither that sprint-1 starts nor that it runs:\n{first}");
        Assert.DoesNotContain(NoRun, bytes, StringComparison.Ordinal);

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
    }
}
