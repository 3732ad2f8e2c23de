using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Guardrails;

namespace Ias.Core.Cycles.Inputs;

/// <summary>
/// A run's sprints, from the first source that has any: the plan file's `## Sprint N` sections (ias.sprint_plan), else
/// the active cycle of the Loa sprint ledger (`grimoires/loa/ledger.json`), else the `grimoires/loa/a2a/sprint-N/` folders.
/// </summary>
public sealed partial class SprintPlan
{
    private readonly Dictionary<int, PlannedSprint> _sprints;

    private SprintPlan(string source, IEnumerable<PlannedSprint> sprints)
    {
        Source = source;
        _sprints = [];
        foreach (var s in sprints)
        {
            _sprints.TryAdd(s.Number, s);
        }
    }

    /// <summary>Where the sprints came from, as messages and `--dry-run` name it.</summary>
    public string Source { get; }

    public IReadOnlyCollection<int> Numbers => _sprints.Keys;

    /// <summary>Every sprint, in the order of their numbers.</summary>
    public IReadOnlyList<PlannedSprint> Sprints => [.. _sprints.Values.OrderBy(s => s.Number)];

    /// <summary>The sprint a first run takes: the plan's first still to do, else its first, else sprint-1.</summary>
    public string NextTarget => $"sprint-{(Sprints.FirstOrDefault(s => !s.Completed) ?? Sprints.FirstOrDefault())?.Number ?? 1}";

    /// <summary>The sprints of the plan file at <paramref name="path"/> (as messages should name it) with the text <paramref name="text"/>.</summary>
    public static SprintPlan Parse(string path, string text)
    {
        var sprints = new List<PlannedSprint>();
        int? current = null;
        var start = 0;
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
                    start = number;
                }

                continue;
            }

            if (current is not null)
            {
                body.Add(line);
            }
        }

        Flush();
        return new SprintPlan(path, sprints);

        void Flush()
        {
            if (current is int n)
            {
                sprints.Add(new PlannedSprint(n, string.Join('\n', body).TrimEnd(), path, start));
            }

            body.Clear();
        }
    }

    public static SprintPlan Load(string path) =>
        File.Exists(path)
            ? Parse(path, InputLimits.SprintPlan.ReadText(path, path, message => new RunModeException(message)))
            : throw new FileNotFoundException($"sprint plan {path} not found; write it with `## Sprint 1` sections or set ias.sprint_plan in .loa.config.yaml", path);

    /// <summary>
    /// The sprints of the first source that has any (see the type); with none, the plan file's (empty) plan, whose
    /// <see cref="Numbers"/> are empty. <paramref name="planPath"/> is ias.sprint_plan, relative to <paramref name="repoRoot"/>.
    /// A malformed ledger throws a <see cref="RunModeException"/> naming it.
    /// </summary>
    public static SprintPlan Discover(string repoRoot, string planPath)
    {
        var full = System.IO.Path.Combine(repoRoot, planPath);
        var plan = File.Exists(full)
            ? Parse(planPath, InputLimits.SprintPlan.ReadText(full, planPath, message => new RunModeException(message)))
            : new SprintPlan(planPath, []);
        if (plan.Numbers.Count > 0)
        {
            return plan;
        }

        if (SprintLedger.Read(repoRoot) is { Sprints.Count: > 0 } ledger)
        {
            return new SprintPlan(ledger.Source, ledger.Sprints);
        }

        var folders = A2aSprintFolders(repoRoot);
        return folders.Count > 0 ? new SprintPlan($"the {A2aFiles.Root}/sprint-N folders", folders) : plan;
    }

    /// <summary>What a run is told when no source has a sprint (or not the one it asked for).</summary>
    public static string OtherSources => $"{SprintLedger.Path} and the {A2aFiles.Root}/sprint-N folders list none either";

    /// <summary>Parses `sprint-3` into 3; null when the target is not of that form.</summary>
    public static int? NumberOf(string target)
    {
        var m = Target().Match(target);
        return m.Success ? int.Parse(m.Groups["n"].Value) : null;
    }

    public string? Section(int number) => _sprints.GetValueOrDefault(number)?.Text;

    /// <summary>The line of its file on which a sprint's text begins; 1 when there is no such sprint.</summary>
    public int LineOf(int number) => _sprints.GetValueOrDefault(number)?.Line ?? 1;

    /// <summary>Whether the source itself marks the sprint completed (the ledger's status).</summary>
    public bool MarkedCompleted(int number) => _sprints.GetValueOrDefault(number)?.Completed ?? false;

    /// <summary>A sprint's text as the guardrails screen it, with the file and line it came from; null when there is no such sprint.</summary>
    public ScannedText? Scanned(int number) =>
        _sprints.GetValueOrDefault(number) is { } s ? new ScannedText(s.File, s.Text, s.Line) : null;

    /// <summary>
    /// A sprint known by its number only (a ledger entry, an a2a folder): its text is the folder's `sprint.md` when there
    /// is one, else a short text that names the folder's files for the agent to read.
    /// </summary>
    internal static PlannedSprint FromFolder(string repoRoot, int number, string heading, string file, bool completed)
    {
        var folder = A2aFiles.Folder($"sprint-{number}");
        var dir = System.IO.Path.Combine(repoRoot, folder);
        var text = System.IO.Path.Combine(dir, SprintText);
        if (File.Exists(text))
        {
            var shown = $"{folder}/{SprintText}";
            return new PlannedSprint(number, InputLimits.SprintPlan.ReadText(text, shown, message => new RunModeException(message)).TrimEnd(), shown, 1, completed);
        }

        var files = Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        var body = files.Count == 0
            ? $"{heading}\n\nNo plan text was written for this sprint ({folder}/{SprintText} does not exist)."
            : $"{heading}\n\nNo plan text was written for this sprint ({folder}/{SprintText} does not exist); its folder holds {string.Join(", ", files)}: read them and finish what they ask for.";
        return new PlannedSprint(number, body, file, 1, completed);
    }

    /// <summary>The file of an a2a sprint folder that holds its text, as a bug's folder holds its micro-sprint.</summary>
    public const string SprintText = "sprint.md";

    private static List<PlannedSprint> A2aSprintFolders(string repoRoot)
    {
        var root = System.IO.Path.Combine(repoRoot, A2aFiles.Root);
        if (!Directory.Exists(root))
        {
            return [];
        }

        return [.. Directory.GetDirectories(root)
            .Select(d => NumberOf(System.IO.Path.GetFileName(d)))
            .OfType<int>()
            .Order()
            .Select(n => FromFolder(repoRoot, n, $"## Sprint {n}", A2aFiles.Folder($"sprint-{n}"), completed: false))];
    }

    [GeneratedRegex(@"^##\s+Sprint\s+(?<n>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^sprint-(?<n>\d+)$")]
    private static partial Regex Target();
}
