using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A checkout's own queue's writing jobs work in a worktree of the run's branch, each building on the last; the person's
/// checkout (its branch, HEAD, edits and untracked files) is never touched, and the worktree is given back as the runner stops.
/// </summary>
public sealed class JobWorktreeTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly RunnerRepo _checkout = new();
    private readonly WritingAgent _agent = new();

    public void Dispose() => _checkout.Dispose();

    private JobQueue Queue => _checkout.Queue;

    private string Git(params string[] args) => _checkout.Repo.Git.Run(args).Trim();

    [Fact]
    public async Task Writing_jobs_commit_one_after_another_on_the_runs_branch_and_the_checkout_stays_as_it_was()
    {
        var head = Git("rev-parse", "HEAD");
        _checkout.Repo.Write("README.md", "the person's edit\n");
        _checkout.Repo.Write("notes.txt", "untracked\n");
        var status = Git("status", "--porcelain");
        var first = Queue.Enqueue("implementer", "First.", null, writes: true);
        var second = Queue.Enqueue("implementer", "Second.", null, writes: true);
        var lines = new List<string>();
        await using (var runner = _checkout.Runner(_agent, say: lines.Add))
        {
            await runner.RunLoopAsync(stopWhenIdle: true, CancellationToken.None).WaitAsync(TestLimit);
        }

        var branch = JobTree.RunBranch("night");
        var tree = Path.Combine(_checkout.Repo.Path, ".git", "ias", "worktrees", "ias-queue-night");
        Assert.Equal([tree, tree], _agent.WorkedIn);
        Assert.Contains($"run night's writing jobs commit on {branch} in {tree}, from feature/queue at {head[..7]}; your checkout is not touched", lines);
        Assert.Equal((JobState.Done, JobState.Done), (Queue.Find(first.Id)!.State, Queue.Find(second.Id)!.State));
        var commits = Git("log", "--format=%H", $"{head}..{branch}").Split('\n');
        Assert.Equal([.. Queue.Find(second.Id)!.Evidence!.Commits, .. Queue.Find(first.Id)!.Evidence!.Commits], commits);
        Assert.Equal("First.\nSecond.\n", Git("show", $"{branch}:work.txt") + "\n");
        Assert.Equal(("feature/queue", head, status), (Git("branch", "--show-current"), Git("rev-parse", "HEAD"), Git("status", "--porcelain")));
        Assert.False(Directory.Exists(tree), "the run's worktree is given back once its runner stops with nothing left in it");
    }

    [Fact]
    public async Task A_writing_job_in_a_checkout_without_a_commit_fails_once_saying_to_make_one()
    {
        _checkout.Repo.Git.Run("update-ref", "-d", "refs/heads/feature/queue"); // HEAD on a branch with no commit yet
        var job = Queue.Enqueue("implementer", "First.", null, writes: true);
        await using (var runner = _checkout.Runner(_agent))
        {
            await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);
        }

        var failed = Queue.Find(job.Id)!;
        Assert.Equal((JobState.Failed, "config_error"), (failed.State, failed.Failure));
        Assert.StartsWith("the checkout has no commit yet, and ias/queue/night starts from its last one: make a first commit (`git commit --allow-empty -m init`), then `ias retry-failed --run night` — ", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_agent.WorkedIn);
    }

    [Fact]
    public async Task A_reading_job_reads_the_checkout_and_makes_no_worktree()
    {
        Queue.Enqueue("reviewer", "Review.", null, writes: false);
        await using (var runner = _checkout.Runner(_agent))
        {
            await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);
        }

        Assert.Equal([_checkout.Repo.Path], _agent.WorkedIn);
        Assert.False(Directory.Exists(Path.Combine(_checkout.Repo.Path, ".git", "ias", "worktrees")));
    }

    /// <summary>An agent that appends its job's prompt to work.txt where it is told to work, and says where that was.</summary>
    private sealed class WritingAgent : IAgentInvoker
    {
        public List<string?> WorkedIn { get; } = [];

        public bool Sandboxed => false;

        public string? Check(AgentSettings settings) => null;

        public string? LoginProblem(AgentSettings settings, Role role) => null;

        public void UseSandbox(SandboxConfig sandbox)
        {
        }

        public async Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
        {
            WorkedIn.Add(request.WorkTree);
            if (request.WriteAccess == true)
            {
                var line = request.Prompt.Contains("First.", StringComparison.Ordinal) ? "First." : "Second.";
                await File.AppendAllTextAsync(Path.Combine(request.WorkTree!, "work.txt"), line + "\n", ct);
            }

            return new AgentResponse(true, FailureClass.None, "done", 0, 1, 10, 1, 0m, null, false, null, "");
        }
    }
}
