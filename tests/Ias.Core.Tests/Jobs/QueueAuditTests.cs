using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// The runner folder's audit trail: each job's file in its state's folder at the paths of the work tree, committed to
/// refs/ias/runs/RUN, never to a branch; secrets redacted and, under metadata_only, withheld texts left as markers.
/// </summary>
public sealed class QueueAuditTests
{
    private const string Folder = "docs/ias/runs/night/runner";
    private const string Ref = "refs/ias/runs/night";
    private const string Token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

    [Fact]
    public void Each_job_is_recorded_in_the_folder_of_its_state_and_the_whole_folder_at_a_runners_start()
    {
        using var f = new QueueFixture();
        var git = Repository(f);
        f.Queue.Enqueue("reviewer", "Look at the greeting.", null, writes: false);
        f.Queue.Enqueue("auditor", "Audit it.", null, writes: false);
        var audit = new QueueAudit(f.Queue, git, DataPolicy.Default, f.Config);
        audit.All("runner started");

        var job = f.Queue.Claim("me")!;
        f.Queue.Complete(job, JobEvidence.None, "looks fine");
        audit.Job(f.Get(job.Id), "runner me");

        Assert.Equal(
            [$"{Folder}/config.json", $"{Folder}/queue/done/0001-reviewer.json", $"{Folder}/queue/pending/0002-auditor.json", $"{Folder}/state.json"],
            Tree(git));
        Assert.Equal(QueueJson.RenderJob(f.Get("0001-reviewer")), git.Run("show", $"{Ref}:{Folder}/queue/done/0001-reviewer.json"));
        Assert.Equal(["0001-reviewer: done (runner me)", "run night: runner started"], git.Run("log", "--format=%s", Ref).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", git.Run("status", "--porcelain", "--untracked-files=no"));
        Assert.DoesNotContain(Folder, git.Run("log", "--name-only", "--format=", "main"));
    }

    [Fact]
    public void Secrets_are_redacted_and_metadata_only_leaves_markers_for_the_texts_it_withholds()
    {
        using var f = new QueueFixture();
        var git = Repository(f);
        f.Queue.Enqueue("reviewer", $"Use {Token} to look.", null, writes: false);
        var job = f.Queue.Claim("me")!;
        f.Queue.Complete(job, JobEvidence.None, $"done with {Token}");
        var policy = DataPolicy.Default with { Mode = DataPolicyMode.MetadataOnly };

        new QueueAudit(f.Queue, git, policy, f.Config).All("runner stopped");

        var stored = git.Run("show", $"{Ref}:{Folder}/queue/done/0001-reviewer.json");
        Assert.DoesNotContain(Token, stored);
        Assert.Contains("Use [REDACTED] to look.", stored);
        Assert.Contains("[withheld: job.summary, sha256:", stored);
        Assert.DoesNotContain("done with", stored);
    }

    [Fact]
    public void A_trail_moved_by_someone_else_is_named_with_what_to_do()
    {
        using var f = new QueueFixture();
        var git = Repository(f);
        f.Queue.Enqueue("reviewer", "Look.", null, writes: false);
        var audit = new QueueAudit(f.Queue, git, DataPolicy.Default, f.Config);
        audit.All("runner started");
        git.Run("update-ref", Ref, git.HeadSha()!);

        Assert.StartsWith($"the queue's audit trail cannot be written on: {Ref} was moved outside ias from ", audit.Moved());
        Assert.Throws<InvalidOperationException>(() => audit.All("runner stopped"));
    }

    private static GitCli Repository(QueueFixture f)
    {
        var git = new GitCli(f.Root);
        git.Run("init", "--quiet", "--initial-branch=main");
        git.Run("config", "user.name", "ias test");
        git.Run("config", "user.email", "test@ias.invalid");
        File.WriteAllText(Path.Combine(f.Root, "README.md"), "# test\n");
        git.Run("add", "README.md");
        git.Run("commit", "--quiet", "-m", "initial");
        return git;
    }

    private static string[] Tree(GitCli git) => git.Run("ls-tree", "-r", "--name-only", Ref).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
