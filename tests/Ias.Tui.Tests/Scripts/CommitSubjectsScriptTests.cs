using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Tui.Tests.Scripts;

/// <summary>scripts/commit-subjects.sh, which .ci/run runs: a commit after the base whose subject passes 72 characters fails the run, named.</summary>
public sealed class CommitSubjectsScriptTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly GitCli _git;

    public CommitSubjectsScriptTests()
    {
        _git = new GitCli(_dir.Path);
        _git.Run("init", "--quiet");
        _git.Run("config", "user.name", "ias test");
        _git.Run("config", "user.email", "test@ias.invalid");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Only_subjects_after_the_base_are_held_to_72_characters_and_each_long_one_is_named()
    {
        var tooLong = new string('x', 73);
        Commit(tooLong);
        var base_ = _git.Run("rev-parse", "--short", "HEAD").Trim();
        Commit(new string('y', 72));

        var fine = await RunAsync(base_);
        var subject = tooLong + " and the body stays out";
        Commit(subject + "\n\nwhy");
        var refused = await RunAsync(base_);

        Assert.Equal((0, ""), fine);
        var hash = _git.Run("rev-parse", "--short", "HEAD").Trim();
        Assert.Equal((1, $"commit-subjects: over 72 characters: {hash} {subject.Length} {subject}\n"), refused);
    }

    [Fact]
    public async Task A_base_the_clone_does_not_hold_checks_nothing_and_says_so()
    {
        Commit("first");

        var (code, output) = await RunAsync("0123456789abcdef0123456789abcdef01234567");

        Assert.Equal(0, code);
        Assert.StartsWith("commit-subjects: 0123456789abcdef0123456789abcdef01234567 is not in this clone's history", output, StringComparison.Ordinal);
    }

    private void Commit(string message) => _git.Run("commit", "--quiet", "--allow-empty", "-m", message);

    private Task<(int Code, string Output)> RunAsync(string base_) => SourceTree.ScriptAsync(_dir.Path, "commit-subjects.sh", base_);
}
