using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The box works where users keep things: an `ias` built or unpacked under /tmp runs its demo in the box.</summary>
public sealed class BoxPlacesTests
{
    [Fact]
    public async Task The_demo_of_an_ias_under_tmp_runs_in_the_box()
    {
        using var dir = new TempDir();
        var build = Directory.CreateDirectory(dir.Combine("build")).FullName;
        Copy(AppContext.BaseDirectory, build);
        var ias = new IasProgram([Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(build, "ias.dll")]);

        // Nothing of /tmp is shared with the box here, as for a user: the box shows this ias read-only where it is.
        var (code, stdout, stderr) = await IasProcess.RunAsync(ias, dir.Path, new Dictionary<string, string> { [BoxLayout.ShareVariable] = "" },
            "demo", "--headless", "--dir", dir.Combine("demo"));

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("sprint-1 DONE — passed", stdout);
        if (BoxProbe.Problem() is null)
        {
            Assert.DoesNotContain("unsandboxed", stdout, StringComparison.Ordinal);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.EnumerateDirectories(from))
        {
            Copy(sub, Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(sub))).FullName);
        }
    }
}
