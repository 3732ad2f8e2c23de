using System.Text.Json.Nodes;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>
/// A machine whose git has no name and email (a fresh one): a run, a resume and the job queue each refuse before any
/// agent turn with the one line that says how to set them, and leave no run RUNNING and no job running.
/// </summary>
public sealed class GitIdentityTests : IDisposable
{
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_run_is_refused_before_any_agent_turn_with_how_to_set_the_identity()
    {
        using var repo = new TestRepo();
        await ForgetIdentityAsync(repo.Path);

        var run = await repo.IasAsync(NoIdentity(), "run", "sprint-1", "--headless", "--local");

        AssertRefused(run);
        Assert.Empty(JobFolders(repo.File(".run", "jobs")));
        Assert.False(File.Exists(repo.File(".run", "state.json")), "no state.json: the run never jacked in, so it is not RUNNING");
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task Git_takes_the_identity_from_the_environment_too_and_so_does_pre_flight()
    {
        using var repo = new TestRepo();
        await ForgetIdentityAsync(repo.Path);
        var author = new Dictionary<string, string>(NoIdentity()) { ["GIT_AUTHOR_NAME"] = "Ada", ["GIT_AUTHOR_EMAIL"] = "ada@example.invalid" };
        var both = new Dictionary<string, string>(author) { ["GIT_COMMITTER_NAME"] = "Ada", ["GIT_COMMITTER_EMAIL"] = "ada@example.invalid" };

        var authorOnly = await repo.IasAsync(author, "run", "sprint-1", "--dry-run", "--local");
        var dry = await repo.IasAsync(both, "run", "sprint-1", "--dry-run", "--local");

        // A commit needs a committer as well as an author.
        AssertRefused(authorOnly);
        Assert.True(dry.Code == 0, dry.Out + dry.Err);
        Assert.Contains("dry run: pre-flight passed", dry.Out);
    }

    [Fact]
    public async Task A_halted_run_is_not_resumed_into_a_paid_turn_whose_commit_would_fail()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "auth"}]}""");
        var run = await repo.IasAsync(env, "run", "sprint-1", "--headless", "--local");
        Assert.True(run.Code == 1, run.Out + run.Err);
        var turns = JobFolders(repo.File(".run", "jobs")).Count;
        await ForgetIdentityAsync(repo.Path);

        var resume = await repo.IasAsync(NoIdentity().Concat(env).ToDictionary(), "run-resume", "--headless");

        AssertRefused(resume);
        Assert.Equal(turns, JobFolders(repo.File(".run", "jobs")).Count);
        Assert.Equal("HALTED", (string)JsonNode.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json")))!["state"]!);
    }

    [Fact]
    public async Task The_queue_leaves_a_writing_job_pending_without_a_turn_and_runs_it_once_git_has_an_identity()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await ForgetIdentityAsync(repo.Path);

        var refused = await repo.IasAsync(NoIdentity(), "run-once", "--run", repo.Run);

        AssertRefused(refused);
        Assert.Contains("then start the runner again (job 0001-implementer stays pending)", refused.Err);
        var job = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal(("pending", 0), ((string)job["state"]!, (int)job["attempts"]!));
        Assert.Empty(JobFolders(Path.Combine(repo.RunnerDir, "jobs")));
        await repo.AssertMirrorAgreesAsync();

        await Shell.GitAsync(repo.Path, "config", "user.name", "ias test");
        await Shell.GitAsync(repo.Path, "config", "user.email", "test@ias.invalid");
        Assert.Contains("job 0001-implementer done: 1 commit(s)", (await repo.IasAsync(NoIdentity(), "run-once", "--run", repo.Run)).Out);
    }

    /// <summary>
    /// A HOME and a global git config of the test's own, so the machine's identity (CI sets a global one) stays out;
    /// useConfigOnly stops git guessing one from the user and host names, which on some machines it manages.
    /// </summary>
    private Dictionary<string, string> NoIdentity()
    {
        var global = _home.Combine("gitconfig");
        File.WriteAllText(global, "[user]\n\tuseConfigOnly = true\n");
        return new()
        {
            ["HOME"] = _home.Path,
            ["XDG_CONFIG_HOME"] = _home.Combine(".config"),
            ["GIT_CONFIG_GLOBAL"] = global,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
    }

    // The test repositories set a name and email of their own; a fresh machine's have none.
    private static async Task ForgetIdentityAsync(string repo)
    {
        await Shell.GitAsync(repo, "config", "--unset", "user.name");
        await Shell.GitAsync(repo, "config", "--unset", "user.email");
    }

    private static List<string> JobFolders(string dir) => Directory.Exists(dir) ? [.. Directory.EnumerateDirectories(dir)] : [];

    private static void AssertRefused((int Code, string Out, string Err) r)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ias: git cannot tell who commits in ", line, StringComparison.Ordinal);
        Assert.Contains("no email was given and auto-detection is disabled", line, StringComparison.Ordinal);
        Assert.Contains("run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`", line, StringComparison.Ordinal);
    }
}
