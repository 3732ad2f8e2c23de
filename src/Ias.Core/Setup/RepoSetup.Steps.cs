using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Safety;
using Ias.Core.Scaffold;

namespace Ias.Core.Setup;

/// <summary>The steps: each answers one pre-flight refusal, and each change is the smallest that does it.</summary>
public sealed partial class RepoSetup
{
    /// <summary>The subject of the setup's commit; not a sprint commit, so git-aware state sync never counts it as one.</summary>
    public const string CommitMessage = "Set up Run Mode (ias init-repo)";

    private SetupStep? ConfigStep()
    {
        if (PreflightChecks.RunModeOff(_config, _root) is not { } off)
        {
            return null;
        }

        var path = Path.Combine(_root, ConfigLoader.FileName);
        if (_configText is not { } before)
        {
            var text = StarterConfig(NewAgent!, BaseBranch(), Budget);
            var which = NewAgent == Simulated ? " (the simulated agent, as in the demo)" : "";
            return new(off, $"write {ConfigLoader.FileName} with run_mode.enabled: true and agents.default.agent: {NewAgent}{which}", [ConfigLoader.FileName], () => WriteNew(path, text));
        }

        // The user's own file: one value or one line changed, their comments kept; else it is theirs to change.
        return RunModeSwitch.TurnOn(before, AgentAdapters.Builtin.Kinds) is { } edit
            ? new(off, $"set run_mode.enabled: true in {ConfigLoader.FileName} ({edit.Change})", [ConfigLoader.FileName], () => Rewrite(path, before, edit.Text))
            : new(off, null, [], null);
    }

    private SetupStep? PlanStep()
    {
        var number = SprintPlan.NumberOf(Target)!.Value;
        if (PreflightChecks.MissingSprint(_root, _config.SprintPlan, _plan, number) is not { } missing)
        {
            return null;
        }

        // A plan file without the sprint is the user's plan: never written over.
        var path = Path.Combine(_root, _planFile);
        return File.Exists(path)
            ? new(missing, null, [], null)
            : new(missing, $"write a starter sprint plan {_planFile} with ## Sprint {number}", [_planFile], () =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteNew(path, ScaffoldTexts.SprintPlan);
            });
    }

    // Only the setup's files, named to git: whatever else is in the index or the tree stays out of the commit. A run works
    // in a worktree from the last commit, so its branch and PR would not have them.
    private SetupStep CommitStep(List<string> files) =>
        new($"{string.Join(" and ", files)} not committed: a run starts from the last commit, so its branch would not have them", $"commit {string.Join(" and ", files)} as \"{CommitMessage}\"", files, () =>
        {
            _git.Run(["add", "--", .. files]);
            _git.Run(["commit", "--quiet", "-m", CommitMessage, "--", .. files]);
        });

    /// <summary>The branch pull requests go to when it is not main: the protected branch the repository is on (master, say).</summary>
    private string? BaseBranch() =>
        _git.CurrentBranch() is { } branch && branch != RunModeConfig.Defaults.BaseBranch && ProtectedBranches.IsProtected(branch) ? branch : null;

    private static void WriteNew(string path, string text)
    {
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(file);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new RunModeException($"{path} appeared while ias init-repo ran and is left as it is: run `ias init-repo` again");
        }
    }

    private static void Rewrite(string path, string before, string after)
    {
        if (File.ReadAllText(path) != before)
        {
            throw new RunModeException($"{path} changed while ias init-repo ran and is left as it is: run `ias init-repo` again");
        }

        File.WriteAllText(path, after);
    }
}
