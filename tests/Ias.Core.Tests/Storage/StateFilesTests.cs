using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>The `.run/` mirrors as a reader sees them between saves: a whole file each time, and no save where nothing changed.</summary>
public sealed class StateFilesTests
{
    [Fact]
    public void A_save_that_changes_nothing_leaves_the_mirror_as_it_is()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));
        var path = dir.Combine(".run", "circuit-breaker.json");
        files.WriteBreaker(Samples.Breaker());
        var inode = Inode(path);

        files.WriteBreaker(Samples.Breaker());

        // A rewrite renames a new file into place, which a new inode shows; the same inode means the file was left alone.
        Assert.Equal(inode, Inode(path));
    }

    [Fact]
    public void A_save_that_changes_the_mirror_replaces_it_whole_and_leaves_no_temp_file()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));
        var path = dir.Combine(".run", "circuit-breaker.json");
        files.WriteBreaker(Samples.Breaker());
        var inode = Inode(path);

        files.WriteBreaker(Samples.Breaker() with { CycleCurrent = Samples.Breaker().CycleCurrent + 1 });

        Assert.NotEqual(inode, Inode(path));
        Assert.Equal(Samples.Breaker().CycleCurrent + 1, files.ReadBreaker()!.CycleCurrent);
        Assert.Equal(["circuit-breaker.json"], Directory.GetFiles(dir.Combine(".run")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_mirror_this_process_has_not_taken_over_is_refused_even_when_it_holds_what_would_be_written()
    {
        using var dir = new TempDir();
        new SafetyFiles(new StateFiles(new RunPaths(dir.Path))).WriteBreaker(Samples.Breaker());
        var path = dir.Combine(".run", "circuit-breaker.json");
        var before = File.ReadAllText(path);

        // Another process's file: skipping an unchanged save must not skip the ownership rule.
        var other = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));

        Assert.Throws<StateFileException>(() => other.WriteBreaker(Samples.Breaker()));
        Assert.Equal(before, File.ReadAllText(path));
    }

    private static long Inode(string path) => long.Parse(
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!
            .StandardOutput.ReadToEnd().Trim(),
        System.Globalization.CultureInfo.InvariantCulture);
}
