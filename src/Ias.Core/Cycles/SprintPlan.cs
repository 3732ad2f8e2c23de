using System.Text.RegularExpressions;
using Ias.Core.Config;

namespace Ias.Core.Cycles;

/// <summary>The sprint plan file: each `## Sprint N` section is one sprint (target `sprint-N`).</summary>
public sealed partial class SprintPlan
{
    private readonly Dictionary<int, string> _sections;
    private readonly Dictionary<int, int> _lines;

    private SprintPlan(string path, Dictionary<int, string> sections, Dictionary<int, int> lines)
    {
        Path = path;
        _sections = sections;
        _lines = lines;
    }

    public string Path { get; }

    public IReadOnlyCollection<int> Numbers => _sections.Keys;

    public static SprintPlan Parse(string path, string text)
    {
        var sections = new Dictionary<int, string>();
        var lines = new Dictionary<int, int>();
        int? current = null;
        var body = new List<string>();
        var number = 0;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var m = Heading().Match(line);
            if (m.Success || (current is not null && line.StartsWith("## ", StringComparison.Ordinal)))
            {
                Flush();
                current = m.Success ? int.Parse(m.Groups["n"].Value) : null;
                if (m.Success)
                {
                    body.Add(line);
                    lines.TryAdd(current!.Value, number);
                }

                continue;
            }

            if (current is not null)
            {
                body.Add(line);
            }
        }

        Flush();
        return new SprintPlan(path, sections, lines);

        void Flush()
        {
            if (current is int n)
            {
                sections.TryAdd(n, string.Join('\n', body).TrimEnd());
            }

            body.Clear();
        }
    }

    public static SprintPlan Load(string path) =>
        File.Exists(path)
            ? Parse(path, InputLimits.SprintPlan.ReadText(path, path, message => new RunModeException(message)))
            : throw new FileNotFoundException($"sprint plan {path} not found; write it with `## Sprint 1` sections or set ias.sprint_plan in .loa.config.yaml", path);

    /// <summary>Parses `sprint-3` into 3; null when the target is not of that form.</summary>
    public static int? NumberOf(string target)
    {
        var m = Target().Match(target);
        return m.Success ? int.Parse(m.Groups["n"].Value) : null;
    }

    public string? Section(int number) => _sections.GetValueOrDefault(number);

    /// <summary>The line of the plan file on which a sprint's section (its heading) begins; 1 when there is no such sprint.</summary>
    public int LineOf(int number) => _lines.GetValueOrDefault(number, 1);

    [GeneratedRegex(@"^##\s+Sprint\s+(?<n>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^sprint-(?<n>\d+)$")]
    private static partial Regex Target();
}
