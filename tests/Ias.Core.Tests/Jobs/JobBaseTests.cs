using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>Which branches a shared queue's jobs may start from: one on origin, never a job's own.</summary>
public sealed class JobBaseTests
{
    [Theory]
    [InlineData("ias/night/0001-implementer", true)]
    [InlineData("ias/night/12345-reviewer", true)]
    [InlineData("ias/night/001-reviewer", false)]
    [InlineData("ias/night/0001-", false)]
    [InlineData("ias/runs", false)]
    [InlineData("feature/ias/night/0001-implementer", false)]
    [InlineData("main", false)]
    public void A_job_branch_is_ias_run_and_a_job_id(string branch, bool isJob) => Assert.Equal(isJob, JobBase.IsJobBranch(branch));

    [Fact]
    public void A_branch_on_origin_is_a_base_and_one_origin_lacks_is_refused_saying_to_push_it()
    {
        using var dir = new TempDir();
        var remote = dir.Combine("remote.git");
        var clone = dir.Combine("clone");
        Git(dir.Path, "init", "--quiet", "--bare", "--initial-branch=main", remote);
        Git(dir.Path, "clone", "--quiet", remote, clone);
        Git(clone, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "--quiet", "--allow-empty", "-m", "first");
        Git(clone, "push", "--quiet", "origin", "main");
        var git = new GitCli(clone);

        Assert.Null(JobBase.Problem(git, "main"));
        Assert.StartsWith("branch feature/x is not on origin, where every runner starts a job's branch from its base: push it first (`git push -u origin feature/x`)",
            JobBase.Problem(git, "feature/x"), StringComparison.Ordinal);
        Assert.StartsWith("the checkout is on ias/night/0002-implementer, a job's own branch", JobBase.Problem(git, "ias/night/0002-implementer"), StringComparison.Ordinal);
    }

    private static void Git(string cwd, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000) && p.ExitCode == 0, $"git {string.Join(' ', args)}: {err}");
    }
}
