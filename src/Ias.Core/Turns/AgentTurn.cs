using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Turns;

/// <summary>
/// The single agent turn every orchestrator runs: the turn's workspace (job dir, prompt.md, the CLI check), ICE below a
/// writing turn, the launch through <see cref="IAgentInvoker"/> (which streams the output through redaction, parsing and
/// storage once), the commit of a writing turn's work with its evidence, and the action the failure maps to.
/// </summary>
/// <remarks>
/// <paramref name="guard"/> lets an orchestrator that runs many turns in one repository keep one <see cref="RepoGuard"/>,
/// which asks git where the hooks and config live once instead of at every turn.
/// </remarks>
public sealed class AgentTurn(IAgentInvoker invoker, GitCli git, string iceLog, TimeProvider clock, RepoGuard? guard = null)
{
    private readonly RepoGuard _guard = guard ?? new RepoGuard(git, Publisher.Remote);

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
            AgentResponse response;

            // The lines people read are stored as the events arrive, beside the raw stream.
            await using (var log = new TurnLog(request.Agent.JobDir, clock))
            {
                response = await invoker.InvokeAsync(request.Agent, e =>
                {
                    log.Write(e);
                    return onEvent(e);
                }, ct);
            }

            var verified = Verified(before, request.Agent, response, out var after);
            return TurnResult.Of(verified) with { After = after };
        }
        finally
        {
            hook?.Uninstall();
        }
    }

    /// <summary>The response, or a <see cref="FailureClass.Breach"/> naming the first thing the agent changed that it must not (each one logged to ice.log).</summary>
    private AgentResponse Verified(RepoState before, AgentRequest request, AgentResponse response, out RepoState? after)
    {
        IReadOnlyList<string> breaches;
        try
        {
            breaches = _guard.Verify(before, Roles.Writes(request), request.Role, out after);
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
            ice.Append(["ias", "verify", request.Role], breach, git.RepoRoot);
        }

        var line = "ICE: " + breaches[0] + (breaches.Count > 1 ? $" (and {breaches.Count - 1} more in .run/ice.log)" : "");
        return response with { Success = false, Failure = FailureClass.Breach, Detail = line };
    }

    /// <summary>Commits the tree and returns every commit and changed file since <paramref name="before"/>, the agent's own commits included.</summary>
    public TurnEvidence Commit(string before, string message)
    {
        // The message holds the agent's final text, already redacted; this is the last look before it leaves with a push.
        var head = git.CommitAll(SecretRedactor.ForThisProcess().Redact(InertText.Lines(message))) ?? git.HeadSha();
        if (head is null || head == before)
        {
            return TurnEvidence.None;
        }

        // Before the first commit of a repository "before" is the empty tree, and every commit is the turn's.
        var fromCommit = git.Try("cat-file", "-t", before) is { Ok: true, Stdout: var type } && type.Trim() == "commit";
        return new TurnEvidence(git.Shas(fromCommit ? $"{before}..{head}" : head), [.. git.Changes(before, head).Select(c => c.Path)]);
    }
}
