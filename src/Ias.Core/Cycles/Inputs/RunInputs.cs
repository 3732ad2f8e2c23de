using System.Text;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Inputs;

/// <summary>
/// ias's own input files as a run took them at jack-in: `.loa.config.yaml` (Run Mode's settings and every role's agent),
/// the design document the red-team gate judges against, the prompt overrides in `.ias/prompts/`, and the whole sprint plan. The agent works in the same tree and may edit them; the run goes on with
/// this copy, so an implementer cannot rewrite its reviewer's prompt, swap the reviewer for one that always passes, or rewrite the sprint it is judged against or a later one.
/// </summary>
public sealed class RunInputs
{
    /// <summary>The heading under which a PR lists the agent's edits to these files.</summary>
    public const string Heading = "## Changes to ias's own inputs (not used by this run)";

    private LoaConfig? _config;

    /// <summary>A copy whose <paramref name="files"/> map each path of <see cref="Paths"/> to its text, or to null when the file did not exist.</summary>
    public RunInputs(IReadOnlyDictionary<string, string?> files, DateTimeOffset taken, SprintPlan? plan = null)
    {
        Files = files;
        Taken = taken;
        Plan = plan;
    }

    /// <summary>The files that make up a run's inputs, relative to the repository root.</summary>
    public static IReadOnlyList<string> Paths { get; } = [ConfigLoader.FileName, RedTeamConfig.SddPath, .. PhaseFacts.Played.Select(PromptTemplates.RelativeOverridePath)];

    /// <summary>Each input file's text, by its path relative to the repository root; null when the file did not exist.</summary>
    public IReadOnlyDictionary<string, string?> Files { get; }

    /// <summary>When the copy was taken.</summary>
    public DateTimeOffset Taken { get; }

    /// <summary>
    /// Every sprint of the plan as the run took it at jack-in, whatever its source (plan file, ledger, a2a folders); null
    /// for a run that works on no plan (a bug's micro-sprint) or one started by an ias that kept no copy of it.
    /// </summary>
    public SprintPlan? Plan { get; }

    /// <summary>This copy with <paramref name="plan"/> as its sprint plan.</summary>
    public RunInputs WithPlan(SprintPlan plan) => new(Files, Taken, plan) { _config = _config };

    /// <summary>This copy with the sprint plan of <paramref name="repoRoot"/> as it is now, found where this copy's configuration says.</summary>
    public RunInputs TakePlan(string repoRoot) => WithPlan(SprintPlan.Discover(repoRoot, Config(repoRoot).SprintPlan));

    /// <summary>
    /// How the sprint plan of <paramref name="repoRoot"/> now differs from this copy's, one line per sprint ("sprint 2's
    /// section edited …"); empty when it does not, or when this copy holds no plan.
    /// </summary>
    public IReadOnlyList<string> PlanEdits(string repoRoot)
    {
        if (Plan is not { } pinned)
        {
            return [];
        }

        try
        {
            return pinned.EditsIn(SprintPlan.Discover(repoRoot, Config(repoRoot).SprintPlan));
        }
        catch (Exception e) when (e is RunModeException or IOException or UnauthorizedAccessException)
        {
            return [$"the sprint plan no longer reads ({e.Message})"];
        }
    }

    /// <summary>Reads every input file of <paramref name="repoRoot"/> as it is now.</summary>
    public static RunInputs Capture(string repoRoot, DateTimeOffset now) =>
        new(Paths.ToDictionary(p => p, p => Read(repoRoot, p), StringComparer.Ordinal), now);

    /// <summary>The configuration this copy holds (the defaults when there was no file); a text that does not read throws <see cref="ConfigException"/>.</summary>
    public LoaConfig Config(string repoRoot)
    {
        if (_config is null)
        {
            var path = Path.GetFullPath(Path.Combine(repoRoot, ConfigLoader.FileName));
            _config = Text(ConfigLoader.FileName) is { } yaml
                ? ConfigLoader.Parse(yaml, ConfigLoader.FileName, AgentAdapters.Builtin.Kinds).Config with { Path = path }
                : LoaConfig.Defaults(path);
        }

        return _config;
    }

    /// <summary>The design document the red-team gate compares the code with (grimoires/loa/sdd.md), as the run took it; null when there was none.</summary>
    public string? Design => Text(RedTeamConfig.SddPath);

    /// <summary>The prompt template of a phase: the override this copy holds, or the one built into ias.</summary>
    public string Prompt(Phase phase) => Text(PromptTemplates.RelativeOverridePath(phase)) ?? PromptTemplates.Embedded(phase);

    /// <summary>The input files whose content in <paramref name="repoRoot"/> is no longer this copy's: someone edited, added or removed them since.</summary>
    public IReadOnlyList<string> ChangedIn(string repoRoot) => Differing(Files, Look(repoRoot));

    /// <summary>What the input files of <paramref name="repoRoot"/> hold now; an unreadable one gets a value no text has, so it never looks unchanged.</summary>
    public static IReadOnlyDictionary<string, string?> Look(string repoRoot) =>
        Paths.ToDictionary(p => p, p => TryRead(repoRoot, p), StringComparer.Ordinal);

    /// <summary>The paths whose content differs between two looks at the input files.</summary>
    public static IReadOnlyList<string> Differing(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Paths.Where(p => before.GetValueOrDefault(p) != after.GetValueOrDefault(p)).ToList();
    }

    /// <summary>
    /// What taking <paramref name="newer"/> instead of this copy would change, one line each: every configuration key
    /// whose value differs (secrets redacted), and every prompt file added, removed or edited. Empty when nothing differs.
    /// </summary>
    public IReadOnlyList<string> Differences(RunInputs newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        var lines = new List<string>();
        var (before, after) = (Text(ConfigLoader.FileName), newer.Text(ConfigLoader.FileName));
        if (before != after)
        {
            var (old, now) = (ConfigKeys.Flatten(before, ConfigLoader.FileName), ConfigKeys.Flatten(after, ConfigLoader.FileName));
            var changed = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
                .Where(k => old.GetValueOrDefault(k) != now.GetValueOrDefault(k))
                .Select(k => $"{ConfigLoader.FileName} {k}: {Shown(old.GetValueOrDefault(k))} → {Shown(now.GetValueOrDefault(k))}")
                .ToList();
            lines.AddRange(changed.Count > 0
                ? changed
                : [$"{ConfigLoader.FileName}: {(before is null ? "added" : after is null ? "removed" : "comments or layout only")}, no key changed"]);
        }

        foreach (var phase in PhaseFacts.Played)
        {
            var path = PromptTemplates.RelativeOverridePath(phase);
            var (was, @is) = (Text(path), newer.Text(path));
            if (was == @is)
            {
                continue;
            }

            lines.Add(path + ": " + (was, @is) switch
            {
                (null, _) => $"added ({Lines(@is)}), replacing the built-in {PromptTemplates.TemplateName(phase)} prompt",
                (_, null) => $"removed, so the built-in {PromptTemplates.TemplateName(phase)} prompt applies",
                _ => $"edited ({Lines(was)} → {Lines(@is)})",
            });
        }

        if (Plan is { } plan && newer.Plan is { } newPlan)
        {
            lines.AddRange(plan.EditsIn(newPlan).Select(edit => $"sprint plan ({newPlan.Source}): {edit}"));
        }

        var (design, newDesign) = (Design, newer.Design);
        if (design != newDesign)
        {
            lines.Add(RedTeamConfig.SddPath + ": " + (design, newDesign) switch
            {
                (null, _) => $"added ({Lines(newDesign)}), for the red-team gate",
                (_, null) => "removed, so the red-team gate has no design",
                _ => $"edited ({Lines(design)} → {Lines(newDesign)})",
            });
        }

        return lines.Select(SecretRedactor.Patterns.Redact).ToList();
    }

    /// <summary>The PR section that lists the agent's edits to these files; empty when there were none.</summary>
    public static string PullRequestSection(IReadOnlyList<string> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0)
        {
            return "";
        }

        var b = new StringBuilder(Heading).Append("\n\n");
        b.Append("These files configure ias itself, and they differ from the copies this run took when it started (the agent edited them, ")
            .Append("or someone did while the run was halted). The run kept its copies, so the edits took no effect in it; a later run started ")
            .Append("from this branch would use them. Review them as carefully as code.\n\n");
        foreach (var path in changed)
        {
            b.Append("- `").Append(path).Append("`\n");
        }

        return b.Append('\n').ToString();
    }

    private string? Text(string path) => Files.GetValueOrDefault(path);

    private static string? Read(string repoRoot, string relative)
    {
        var path = Path.Combine(repoRoot, relative);
        try
        {
            // The copy is read with the same size limits as the files themselves, so an agent cannot make it huge.
            var limit = relative == ConfigLoader.FileName ? InputLimits.ConfigFile : InputLimits.PromptFile;
            return File.Exists(path) ? limit.ReadText(path, relative, message => new RunModeException(message)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunModeException($"cannot read {relative} ({ex.Message}); make it a readable file or remove it, then start again");
        }
    }

    // After the start an unreadable file counts as changed: its content is not the copy's, whatever it holds.
    private static string? TryRead(string repoRoot, string relative)
    {
        try
        {
            return Read(repoRoot, relative);
        }
        catch (RunModeException)
        {
            return "\0unreadable";
        }
    }

    private static string Shown(string? value) =>
        value is null ? "(not set)" : $"\"{ShortText.Cut(value, 60)}\"";

    private static string Lines(string? text) =>
        text is null ? "0 lines" : $"{text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0)} line(s)";
}
