using Ias.Core.Agents.Adapters;
using Ias.Core.Control;
using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands.Queue;

/// <summary>
/// `ias drop-in --job ID`: a queue job's agent session reopened on this terminal. Nothing is halted, since a finished job
/// has no engine; a job whose runner holds it now, or that ran in another checkout, is refused. A writing job's session
/// opens in its worktree, and the person holds the checkout meanwhile, so no runner commits under them.
/// </summary>
public static class JobDropIn
{
    /// <summary>What to open for job <paramref name="id"/> of the chosen run; every reason it cannot is a one-line <see cref="QueueException"/>.</summary>
    public static DropIn Prepare(string repo, string? run, bool latest, string id)
    {
        var (root, config, stores) = QueueHost.OpenStore(repo);
        using (stores)
        {
            var name = JobQueue.Resolve(stores.Queue, run, latest, root);
            using var queue = new JobQueue(stores.Queue, new QueuePaths(root, name), config.Queue, TimeProvider.System, new Random());
            var found = JobSession.Find(queue, id, config);
            var agent = found.Settings.Agent.Name;
            var launch = AgentAdapters.Builtin.For(found.Settings.Agent).Interactive(found.Settings, found.SessionId, EngineHost.SelfLaunch())
                ?? throw new QueueException($"job {id}'s agent {agent} cannot reopen a session for a person; use `ias drop-in --shell` for a shell in the work tree");
            var now = DateTimeOffset.Now;
            CheckoutLock? holds = null;
            var work = root;
            if (found.Job.Writes)
            {
                // A runner writing on the job's branch would commit whatever the person's session changes, and the person's work its.
                var git = new GitCli(root);
                var branch = JobTree.BranchOf(found.Job, queue.Shared);
                var me = new CheckoutWriter($"a drop-in to job {id} of run {name}", Environment.ProcessId, now, "wait for the person to leave it");
                holds = CheckoutLock.TryTake(JobTree.LockOf(git, found.Job, queue.Shared), me, out var holder)
                    ?? throw new QueueException($"{holder!.Describe(now, "on " + branch)}; drop in to job {id} after");

                // The session opens where the job's work is: its branch's worktree, made again when it was given back.
                work = git.BranchExists(branch) ? RunWorktree.Open(git, branch, "HEAD", out _).RepoRoot : root;
            }

            return new DropIn(root, $"{agent} session {found.SessionId} of job {id}", launch, name, code => Back(repo, name, id, agent, found.SessionId, code), holds) { WorkTree = work };
        }
    }

    /// <summary>The line after the person leaves: the job as it stands now and how to look at it.</summary>
    private static string Back(string repo, string run, string id, string agent, string session, int exitCode)
    {
        string state;
        try
        {
            var (root, config, stores) = QueueHost.OpenStore(repo);
            using (stores)
            {
                using var queue = new JobQueue(stores.Queue, new QueuePaths(root, run), config.Queue, TimeProvider.System, new Random());
                state = queue.Find(id)?.State.Wire() ?? "gone";
            }
        }
        catch (QueueException)
        {
            state = "unknown (the queue cannot be read)";
        }

        return $"back from {agent} session {session} of job {id} (exit {exitCode}); job {id} of run {run} is {state}: `ias status --run {run}` shows it";
    }
}
