using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Ias.EndToEnd.Tests.Reports;

/// <summary>
/// A screen of a real night with what differs from one night to the next masked: the temporary folders' random names, the
/// run, plan and bug ids (which hold the date and random hex), the clock times and the durations (how long ago, how long a
/// question waited, how long the agent ran). A masked line keeps its width, so the borders stay where ias drew them.
/// Compared with its golden file in Golden/; IAS_UPDATE_GOLDEN=1 rewrites the files, and a missing one is written and fails once.
/// </summary>
public static partial class SteadyScreen
{
    public static string Of(string screen) =>
        string.Join('\n', screen.TrimEnd('\n').Split('\n').Select(Line));

    public static void AssertGolden(string name, string steady, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Golden", name + ".txt");
        if (Environment.GetEnvironmentVariable("IAS_UPDATE_GOLDEN") == "1" || !File.Exists(path))
        {
            File.WriteAllText(path, steady + "\n");
            Assert.Fail($"wrote {path}; review it and run again");
        }

        Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), steady);
    }

    private static string Line(string line)
    {
        var masked = Varying().Replace(line, m => Mask(m.Value));
        // A shorter mask (a duration of two digits shown as one) is padded before the right border, so the border stays put.
        if (masked.Length < line.Length)
        {
            var border = masked.Length - masked.TrimEnd('│', '╮', '╯', '┤', '║').Length;
            masked = masked[..^border].PadRight(line.Length - border) + masked[^border..];
        }

        return masked;
    }

    private static string Mask(string value) =>
        Duration().IsMatch(value) ? Duration().Replace(value, "?")
        : new string([.. value.Select(c => c == '-' ? c : char.IsAsciiLetterOrDigit(c) ? '#' : c)]);

    [GeneratedRegex(@"(?<=ias-test-)[A-Za-z0-9]+|(?<=(?:run|plan|bug)-)\d{8}-[0-9a-f]{6}|(?<![\w-])\d{8}-[0-9a-f]{6}|(?<=sprint-plan-)\d{8}-\d{6}|\b\d\d:\d\d(?::\d\d)?\b|(?<=\()\d+[dhm](?:\d+[hms])?(?= ago\))|(?<=waiting )\d+[dhm](?:\d+[hms])?\b|\b\d+[dhm](?:\d+[hms])?(?= of agent time)")]
    private static partial Regex Varying();

    [GeneratedRegex(@"^\d+[dhm](?:\d+[hms])?$")]
    private static partial Regex Duration();
}
