using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>A shared queue's writing job gives the checkout back to the branch it found it on, even after its runner was killed.</summary>
public sealed class CheckoutReturnTests : IDisposable
{
    private const string JobBranch = "ias/night/0003-implementer";

    private readonly GitRepo _repo = new();
    private readonly QueuePaths _paths;
    private readonly List<string> _said = [];

    public CheckoutReturnTests()
    {
        // As in every repository ias runs in, its own folder is ignored.
        _repo.Write(".gitignore", ".run/\n");
        _repo.Git.Run("add", ".gitignore");
        _repo.Git.Run("commit", "--quiet", "-m", "ignore .run");
        _paths = new QueuePaths(_repo.Path, "night");
        Directory.CreateDirectory(Path.GetDirectoryName(_paths.CheckoutReturn)!);
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_branch_is_recorded_while_the_job_has_the_checkout_and_the_record_goes_once_it_is_given_back()
    {
        var back = CheckoutReturn.From(_repo.Git, _paths)!;
        Assert.Equal("main\n", File.ReadAllText(_paths.CheckoutReturn));
        _repo.Git.Run("switch", "--quiet", "--create", JobBranch);

        back.Return("0003-implementer", _said.Add);

        Assert.Equal("main", _repo.Git.CurrentBranch());
        Assert.False(File.Exists(_paths.CheckoutReturn));
        Assert.Empty(_said);
    }

    [Fact]
    public void A_runner_starting_where_a_killed_ones_job_left_the_checkout_on_its_branch_switches_back_and_stashes_what_the_job_left()
    {
        CheckoutReturn.From(_repo.Git, _paths);
        _repo.Git.Run("switch", "--quiet", "--create", JobBranch);
        _repo.Write("half-done.txt", "the killed attempt's edit\n");

        CheckoutReturn.Resume(_repo.Git, _paths, TimeProvider.System, _said.Add);

        Assert.Equal("main", _repo.Git.CurrentBranch());
        Assert.False(File.Exists(Path.Combine(_repo.Path, "half-done.txt")));
        Assert.Contains("ias: left in the tree by job 0003-implementer", _repo.Git.Run("stash", "list"));
        Assert.Equal($"the checkout goes back to main: the runner killed during job 0003-implementer left it on {JobBranch}", _said[0]);
        Assert.False(File.Exists(_paths.CheckoutReturn));
    }

    [Fact]
    public void The_next_job_of_a_checkout_a_killed_runner_left_on_a_jobs_branch_returns_it_where_the_first_job_found_it()
    {
        CheckoutReturn.From(_repo.Git, _paths);
        _repo.Git.Run("switch", "--quiet", "--create", JobBranch);

        var back = CheckoutReturn.From(_repo.Git, _paths)!;
        _repo.Git.Run("switch", "--quiet", "--create", "ias/night/0004-implementer");
        back.Return("0004-implementer", _said.Add);

        Assert.Equal("main", _repo.Git.CurrentBranch());
    }

    [Fact]
    public void A_checkout_its_person_switched_since_stays_where_they_put_it()
    {
        CheckoutReturn.From(_repo.Git, _paths);
        _repo.Git.Run("switch", "--quiet", "--create", "feature/mine");

        CheckoutReturn.Resume(_repo.Git, _paths, TimeProvider.System, _said.Add);

        Assert.Equal("feature/mine", _repo.Git.CurrentBranch());
        Assert.False(File.Exists(_paths.CheckoutReturn));
        Assert.Empty(_said);
    }

    [Fact]
    public void A_checkout_another_writer_holds_stays_on_the_jobs_branch_and_the_record_waits_for_the_next_runner()
    {
        CheckoutReturn.From(_repo.Git, _paths);
        _repo.Git.Run("switch", "--quiet", "--create", JobBranch);
        var person = new CheckoutWriter("a person's drop-in of job 0003-implementer", Environment.ProcessId, DateTimeOffset.UtcNow, "leave the agent's session");
        using (CheckoutLock.TryTake(new RunPaths(_repo.Path), person, out _))
        {
            CheckoutReturn.Resume(_repo.Git, _paths, TimeProvider.System, _said.Add);
        }

        Assert.Equal(JobBranch, _repo.Git.CurrentBranch());
        Assert.StartsWith($"the checkout stays on {JobBranch}, where the runner killed during job 0003-implementer left it: ", _said.Single(), StringComparison.Ordinal);
        Assert.Equal("main\n", File.ReadAllText(_paths.CheckoutReturn));
    }
}
