using Ias.Core.Processes;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>What ias inherits from the shell that starts it must not stop it from seeing its own children end.</summary>
public sealed class InheritedSignalTests
{
    private const string IgnoreChld = "trap '' CHLD";

    [Fact]
    public async Task Started_with_SIGCHLD_ignored_the_demo_still_runs_to_the_end()
    {
        // The setup is real: a program bash starts after this trap inherits SIGCHLD ignored (where .NET alone hangs on its first child).
        var probe = await Shell.RunAsync(Path.GetTempPath(), "bash", ["-c", $"{IgnoreChld} && exec cat /proc/self/status"]);
        Assert.True(ChildSignal.IgnoredIn(probe.Out), probe.Out);

        using var dir = new TempDir();
        var repo = dir.Combine("demo");

        var (code, stdout, stderr) = await IasProcess.RunFromShellAsync(dir.Path, IgnoreChld, "demo", "--headless", "--dir", repo);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("sprint-1 DONE — passed", stdout);
    }
}
