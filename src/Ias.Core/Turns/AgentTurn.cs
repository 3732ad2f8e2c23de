using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Storage;

namespace Ias.Core.Turns;

/// <summary>
/// The single agent turn every orchestrator runs: the turn's workspace (job dir, prompt.md, the CLI check), ICE below a
/// writing turn, the launch through <see cref="IAgentInvoker"/> (which streams the output through redaction, parsing and
/// storage once), the commit of a writing turn's work with its evidence, and the action the failure maps to.
/// </summary>
/// <remarks>
/// In the box with a <paramref name="workspace"/>, the agent never writes the checkout: the workspace is brought to the
/// checkout as it stands before the turn, the agent works there, and a writing turn's change comes back as a patch,
/// checked file by file (<see cref="TurnPatch"/>) and applied to the checkout by the engine; each refused file is a line in
/// ice.log. <paramref name="guard"/> lets an orchestrator that runs many turns in one repository keep one <see cref="RepoGuard"/>,
/// which asks git where the hooks and config live once instead of at every turn.
/// </remarks>
public sealed class AgentTurn(IAgentInvoker invoker, GitCli git, string iceLog, TimeProvider clock, RepoGuard? guard = null, Workspace? workspace = null)
{
    /// <summary>The largest patch a turn may bring back, and the largest binary file in it.</summary>
    public const long PatchLimit = 64L * 1024 * 1024;

    private readonly RepoGuard _guard = guard ?? new RepoGuard(git, Publisher.Remote);

    /// <summary>The patch limit this turn holds to (ias.sandbox.max_patch_mb); <see cref="PatchLimit"/> unless set.</summary>
    public long MaxPatchBytes { get; init; } = PatchLimit;

    /// <summary>How many agents may work in the repository at once (ias.parallel.max, see <see cref="AgentSlots"/>).</summary>
    public int MaxAgents { get; init; } = AgentSlots.Default;

    /// <summary>Told once when the turn waits for another agent of the repository to end first.</summary>
    public Action<string> Waiting { get; init; } = _ => { };

    /// <summary>The turn's limits as <paramref name="config"/> sets them: the patch size and the agents at once.</summary>
    public AgentTurn Limited(LoaConfig config, Action<string> waiting)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(invoker, git, iceLog, clock, _guard, workspace)
        {
            MaxPatchBytes = config.Sandbox.MaxPatchMb * 1024L * 1024,
            MaxAgents = config.ParallelMax ?? AgentSlots.Default,
            Waiting = waiting,
        };
    }

    /// <summary>Creates the job dir with the prompt in prompt.md, then checks the CLI (unless there are no settings to check): null when the agent can run, otherwise what to install.</summary>
    public async Task<string?> PrepareAsync(string jobDir, string prompt, AgentSettings? settings, CancellationToken ct)
    {
        OwnerOnly.CreateFolder(jobDir);
        await OwnerOnly.WriteAllTextAsync(Path.Combine(jobDir, "prompt.md"), prompt, ct);

        // A missing or too old CLI ends the turn with what to install, instead of three crashes.
        return settings is null ? null : invoker.Check(settings);
    }

    public async Task<TurnResult> RunAsync(TurnRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A slot of the repository's agents first, so a turn that waits for one has taken nothing else yet.
        using var slot = await AgentSlots.TakeAsync(git, MaxAgents, clock, Waiting, ct);
        IcePrePushHook? hook = null;
        if (request.GuardPushes)
        {
            hook = new IcePrePushHook(git, iceLog);
            try
            {
                hook.Install();
            }
            catch (IOException e)
            {
                return TurnResult.Refused($"cannot install ICE's pre-push hook in {hook.HooksDir}: {e.Message}");
            }
        }

        try
        {
            var before = _guard.Take();
            var agent = request.Agent;
            var boxed = workspace is not null && invoker.Sandboxed;
            var gitScratch = Path.Combine(agent.JobDir, "workspace");
            string? baseCommit = null;
            if (boxed)
            {
                (baseCommit, var problem) = Prepare(before, gitScratch, request.At);
                if (problem is not null)
                {
                    return TurnResult.Refused(problem);
                }
            }

            agent = agent with { WorkTree = boxed ? workspace!.Path : git.RepoRoot };

            AgentResponse response;

            // The lines people read are stored as the events arrive, beside the raw stream.
            try
            {
                await using var log = new TurnLog(agent.JobDir, clock);
                response = await invoker.InvokeAsync(agent, e =>
                {
                    log.Write(e);
                    return onEvent(e);
                }, ct);
            }
            catch (OperationCanceledException) when (boxed && Roles.Writes(agent))
            {
                // A forced halt stops the agent mid-turn; what it wrote so far comes back as any turn's change does, checked
                // the same way, so the halt's WIP commit holds it as it held the work in the checkout.
                if (Overflow(agent) is null && _guard.Verify(before, writes: true, agent.Role.Wire).Count == 0)
                {
                    Change(agent).Bring(new AgentResponse(false, FailureClass.Unknown, "", null, 0, 0, 0, 0m, null, false, null, "halted"), baseCommit!, gitScratch);
                }

                throw;
            }

            var verified = Verified(before, agent, response, out var after);
            if (boxed && Roles.Writes(agent) && Overflow(agent) is { } over)
            {
                // Past the workspace's size limit nothing of the turn is taken; a breach found meanwhile still says what it was.
                verified = verified.Failure == FailureClass.Breach ? verified : verified with { Success = false, Failure = FailureClass.Incomplete, Detail = over };
            }
            else if (boxed && Roles.Writes(agent) && verified.Failure != FailureClass.Breach)
            {
                verified = Change(agent).Bring(verified, baseCommit!, gitScratch);
            }

            return TurnResult.Of(verified) with { After = after };
        }
        finally
        {
            hook?.Uninstall();
        }
    }

    /// <summary>Takes the checkout as it stands (or the commit <paramref name="at"/>) into the workspace: the commit the turn starts from, or why it cannot start.</summary>
    private (string? Base, string? Problem) Prepare(RepoState before, string gitScratch, string? at)
    {
        string baseCommit;
        try
        {
            baseCommit = at ?? workspace!.Snapshot(gitScratch);
        }
        catch (GitException e)
        {
            return (null, $"could not take the checkout as it stands for the agent's workspace ({e.Message}); check `git status`");
        }

        return (baseCommit, workspace!.Sync(at is null ? before.Branch ?? "ias-workspace" : "ias-review", baseCommit, gitScratch));
    }

    /// <summary>The response, or a <see cref="FailureClass.Breach"/> naming the first thing the agent changed that it must not (each one logged to ice.log).</summary>
    private AgentResponse Verified(RepoState before, AgentRequest request, AgentResponse response, out RepoState? after)
    {
        IReadOnlyList<string> breaches;
        try
        {
            breaches = _guard.Verify(before, Roles.Writes(request), request.Role.Wire, out after);
        }
        catch (GitException e)
        {
            after = null;
            breaches = [$"git could not read the repository after the {request.Role}'s turn ({e.Message}): check it"];
        }

        if (breaches.Count == 0)
        {
            return response;
        }

        var ice = new IceLog(iceLog, clock);
        foreach (var breach in breaches)
        {
            ice.Append(["ias", "verify", request.Role.Wire], breach, git.RepoRoot);
        }

        var line = "ICE: " + breaches[0] + (breaches.Count > 1 ? $" (and {breaches.Count - 1} more in .run/ice.log)" : "");
        return response with { Success = false, Failure = FailureClass.Breach, Detail = line };
    }

    /// <summary>The line for a writing turn that left its workspace past ias.sandbox.workspace_mb (also in ice.log), the workspace removed; null within it.</summary>
    private string? Overflow(AgentRequest agent)
    {
        if (workspace!.Overflow(agent.Role.ToString()) is not { } line)
        {
            return null;
        }

        new IceLog(iceLog, clock).Append(["ias", "workspace", agent.Role.Wire], line, git.RepoRoot);
        return line;
    }

    private TurnChange Change(AgentRequest agent) => new(workspace!, git, _guard, new IceLog(iceLog, clock), agent, MaxPatchBytes);

    /// <summary>Commits the tree and returns every commit and changed file since <paramref name="before"/>, the agent's own commits included.</summary>
    public TurnEvidence Commit(string before, string message)
    {
        if (TurnCommit.Make(git, before, message) is not { Head: var head })
        {
            return TurnEvidence.None;
        }

        // Before the first commit of a repository "before" is the empty tree, and every commit is the turn's.
        var fromCommit = git.Try("cat-file", "-t", before) is { Ok: true, Stdout: var type } && type.Trim() == "commit";
        return new TurnEvidence(git.Shas(fromCommit ? $"{before}..{head}" : head), [.. git.Changes(before, head).Select(c => c.Path)]);
    }
}
