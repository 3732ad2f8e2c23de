using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Plans;

/// <summary>
/// The git-aware state sync of the original Run Mode tools: a sprint-plan-state.json stuck at RUNNING after a lost session is marked
/// JACKED_OUT when git already holds a matching commit for every sprint. It fires only when all three hold: the state
/// is RUNNING, the sprint total is a positive integer, and `git log BASE..HEAD` has at least that many matching commits.
/// </summary>
public static class SprintPlanStateSync
{
    /// <summary>The decision over the file's text and the subjects of `git log BASE..HEAD`; pure, so every case is a unit test.</summary>
    public static SprintPlanSync Evaluate(string stateJson, IReadOnlyList<string> commitSubjects, string pattern, string baseBranch, DateTimeOffset now)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(stateJson) as JsonObject
                ?? throw new InvalidDataException("sprint-plan-state.json does not hold a JSON object; fix or remove it");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"sprint-plan-state.json is not valid JSON ({e.Message}); fix or remove it", e);
        }

        var expected = SprintTotal(root);
        if (!IsRunning(root))
        {
            return new SprintPlanSync(false, SprintPlanSync.NotRunning, 0, expected, baseBranch, null);
        }

        if (expected <= 0)
        {
            return new SprintPlanSync(false, SprintPlanSync.NoSprintTotal, 0, expected, baseBranch, null);
        }

        var regex = SprintCommit.ToRegex(pattern);
        var found = commitSubjects.Count(regex.IsMatch);
        if (found < expected)
        {
            return new SprintPlanSync(false, SprintPlanSync.StillRunning, found, expected, baseBranch, null);
        }

        root["state"] = WireName.Of(PlanStateMachine.Next(RunState.Running, PlanTrigger.GitInferred));
        root["git_inferred"] = true;
        root["git_inferred_at"] = IsoTime.ForFile(now);
        var updated = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        return new SprintPlanSync(true, SprintPlanSync.Inferred, found, expected, baseBranch, updated);
    }

    /// <summary>
    /// Runs the sync on `.run/sprint-plan-state.json` with the repository's git, writing the file back when it fires.
    /// With <paramref name="onePerSprint"/>, a sprint's several commits (ias commits once per cycle) count once, by their
    /// `(sprint-N)` marker: a plain commit count's known limitation, early satisfaction, would otherwise fire on every ias plan.
    /// </summary>
    public static SprintPlanSync Run(string statePath, GitCli git, RunModeConfig config, TimeProvider clock, bool onePerSprint = false)
    {
        IReadOnlyList<string> subjects = git.Run("log", "--format=%s", $"{config.BaseBranch}..HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (onePerSprint)
        {
            // Only the sprint commits count, so a sprint's later COMPLETED commit (a chore) does not stand for its feat commits.
            subjects = [.. subjects.Where(s => SprintCommit.Matches(config.SprintCommitPattern, s)).DistinctBy(s => PlanPullRequestText.Group([s])[0].Sprint is var key && key != PlanPullRequestText.OtherCommits ? key : s)];
        }

        SprintPlanSync result;
        try
        {
            result = Evaluate(File.ReadAllText(statePath), subjects, config.SprintCommitPattern, config.BaseBranch, clock.GetUtcNow());
        }
        catch (InvalidDataException e)
        {
            throw new StateFileException(statePath, $"{statePath}: {e.Message}", e);
        }

        if (result.UpdatedJson is { } json)
        {
            AtomicFile.Write(statePath, json);
        }

        return result;
    }

    private static bool IsRunning(JsonObject root) =>
        root["state"] is JsonValue v && v.TryGetValue<string>(out var s) && s == "RUNNING";

    /// <summary>sprints.total when it is a positive integer, else the length of sprints.list, else 0.</summary>
    private static int SprintTotal(JsonObject root)
    {
        if (root["sprints"] is not JsonObject sprints)
        {
            return 0;
        }

        if (sprints["total"] is JsonValue total && total.TryGetValue<int>(out var n) && n > 0)
        {
            return n;
        }

        return sprints["list"] is JsonArray list ? list.Count : 0;
    }
}
