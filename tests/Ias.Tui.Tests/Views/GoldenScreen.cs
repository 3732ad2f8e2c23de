using System.Runtime.CompilerServices;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A screen compared with its golden file in Golden/, which a reviewer reads in the diff. Set IAS_UPDATE_GOLDEN=1 to
/// rewrite the files after a deliberate change; a missing file is written and the test fails once, so it gets reviewed.
/// </summary>
public static class GoldenScreen
{
    public static void Assert(string name, string actual, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Golden", name + ".txt");
        if (Environment.GetEnvironmentVariable("IAS_UPDATE_GOLDEN") == "1" || !File.Exists(path))
        {
            File.WriteAllText(path, actual + "\n");
            Xunit.Assert.Fail($"wrote {path}; review it and run again");
        }

        Xunit.Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), actual);
    }
}
