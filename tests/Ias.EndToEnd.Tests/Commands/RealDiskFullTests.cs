using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A real full disk under `.run/` (a 4 MB tmpfs filled to the last byte), where the fault table injects one.</summary>
public sealed class RealDiskFullTests
{
    private const string DiskFullLine = ": no space left on device; free space and run `ias run-resume`";

    [MountFact]
    public async Task A_really_full_disk_ends_the_run_with_one_line_and_resume_works_once_space_is_freed()
    {
        using var repo = new TestRepo();
        var run = repo.File(".run");
        Directory.CreateDirectory(run);
        await MountAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", run);
        try
        {
            var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, "release");
            var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{System.Text.Json.JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
            await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
            await engine.WaitForLineAsync("agent session");
            var filler = Fill(run);
            await File.WriteAllTextAsync(release, "");

            var code = await engine.ExitAsync();

            Assert.True(code == 2, $"exit {code}\nstdout:\n{engine.Stdout}\nstderr:\n{engine.Stderr}");
            var line = Assert.Single(engine.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("ias: " + run + "/", line);
            Assert.EndsWith(DiskFullLine, line);

            var stillFull = await repo.IasAsync(env, "run-resume");
            Assert.True(stillFull.Code == 2, $"resume on a full disk: exit {stillFull.Code}\n{stillFull.Out}{stillFull.Err}");
            Assert.EndsWith(DiskFullLine, stillFull.Err.Trim());
            Assert.DoesNotContain("another engine", stillFull.Err);

            File.Delete(filler);
            var resumed = await repo.IasAsync(env, "run-resume");
            Assert.True(resumed.Code == 0, $"resume once space is freed: exit {resumed.Code}\n{resumed.Out}{resumed.Err}");
            Assert.Contains("DONE after 2 cycle(s)", resumed.Out);
        }
        finally
        {
            await MountAsync("umount", "--lazy", run);
        }
    }

    /// <summary>Writes one file until the file system has no byte left; returns its path.</summary>
    private static string Fill(string dir)
    {
        var path = Path.Combine(dir, "filler");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static async Task MountAsync(string program, params string[] args)
    {
        var r = await Shell.RunAsync("/", program, args);
        Assert.True(r.Code == 0, $"{program} {string.Join(' ', args)}: {r.Err}");
    }
}
