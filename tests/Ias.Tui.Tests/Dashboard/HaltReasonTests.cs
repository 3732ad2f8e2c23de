using System.Text.Json;
using Ias.Core.Tests.Support;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>
/// A run halted by an implementer that crashes with a traceback on stderr: the failed step's log ends with that stderr,
/// and e shows the whole halt reason and the stderr lines at 120 columns, and still (scrolled with j/k) at 40×12.
/// </summary>
public sealed class HaltReasonTests
{
    private const string Config = "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: 6\n    timeout_hours: 1\nagents:\n  default:\n    agent: sim\n";

    private static readonly string[] Stderr =
    [
        "agent-e2e: loading the model",
        "Traceback (most recent call last):",
        "  File \"agent.py\", line 3, in <module>",
        "RuntimeError: WHY-MARK the agent gave up on the request",
    ];

    [Fact]
    public async Task E_shows_the_whole_halt_reason_and_the_crashed_agents_stderr_which_the_header_cuts()
    {
        using var repo = new DemoRepo();
        using var scripts = new TempDir();
        var agent = scripts.Combine("agent.sh");
        await File.WriteAllTextAsync(agent, $"#!/bin/bash\ncat >/dev/null\n{string.Concat(Stderr.Select(l => $"printf '%s\\n' '{l}' >&2\n"))}exit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await repo.SetConfigAsync(Config + $"  implementer:\n    agent: custom\n    command: {agent}\n");
        await repo.SprintAsync();
        await using var dashboard = repo.Dashboard(120, 40, "--no-report");

        await dashboard.WaitForAsync(" HALTED ");
        var halted = await dashboard.WaitForAsync("WHY-MARK");
        var reason = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(repo.Path, ".run", "state.json"))).RootElement.GetProperty("halt_reason").GetString()!;
        Assert.StartsWith("implementer failed 2 times (last: Crash", reason);
        Assert.DoesNotContain(Squeeze(reason), Words(halted.Split('\n')[0]));

        // Following the failed step, the log ends with the agent's exit and its stderr under a rule.
        Assert.Contains("— agent exited (1) —", halted);
        Assert.Contains("── stderr ──", halted);
        Assert.All(Stderr, l => Assert.Contains(l, halted));
        Assert.StartsWith("r resume  e why  ", halted.TrimEnd('\n').Split('\n')[^1]);

        dashboard.Keys("e");
        var why = Words(await dashboard.WaitForAsync(" why - j/k scroll - esc closes "));
        Assert.Contains(Squeeze(reason), why);
        Assert.Contains("its agent exited 1; what it wrote to stderr:", why);
        Assert.Contains(Squeeze(string.Join(' ', Stderr)), why);

        // At 40×12 the same overlay wraps and scrolls: G goes to its end, where the job folder is.
        dashboard.Resize(40, 12);
        await dashboard.WaitForAsync(s => s.Split('\n').Length <= 13 && s.Contains(" why - j/k", StringComparison.Ordinal), "the overlay at 40x12");
        dashboard.Keys("G");
        await dashboard.WaitForAsync("job folder:");
        dashboard.Keys("Escape");
        await dashboard.WaitForAsync(s => !s.Contains(" why - ", StringComparison.Ordinal), "the overlay closing");
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }

    /// <summary>A screen's text with the box's borders and runs of spaces as one space, so a wrapped sentence reads whole.</summary>
    private static string Words(string screen) => Squeeze(screen.Replace('│', ' ').Replace('\n', ' '));

    private static string Squeeze(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
