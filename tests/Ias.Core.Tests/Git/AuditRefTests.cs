using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

/// <summary>
/// A history of files on a ref of its own: commits made through a private index, never touching the work tree, the index,
/// HEAD or a branch; nothing recorded when nothing changed; a ref moved by anyone but ias refused, not built on.
/// </summary>
public sealed class AuditRefTests
{
    private const string Ref = "refs/ias/runs/night";

    [Fact]
    public void Records_are_commits_on_their_own_ref_and_the_work_tree_index_and_head_stay_as_they_were()
    {
        using var repo = new GitRepo();
        repo.Write("staged.txt", "mine");
        repo.Git.Run("add", "staged.txt");
        var head = repo.Git.HeadSha();
        var audit = new AuditRef(repo.Git, Ref, Path.Combine(repo.Path, ".git", "audit"));

        var first = audit.Record(Files(("runs/night/a.json", "{\"a\": 1}\n"), ("runs/night/b.json", "b\n")), "first");
        var second = audit.Record(Files(("runs/night/a.json", "{\"a\": 2}\n"), ("runs/night/b.json", null)), "second");

        Assert.Equal(second, repo.Git.Run("rev-parse", Ref).Trim());
        Assert.Equal(first, repo.Git.Run("rev-parse", Ref + "^").Trim());
        Assert.Equal("{\"a\": 2}\n", repo.Git.Run("show", Ref + ":runs/night/a.json"));
        Assert.Equal("runs/night/a.json\n", repo.Git.Run("ls-tree", "-r", "--name-only", Ref));
        Assert.Equal("second", repo.Git.Run("log", "-1", "--format=%s", Ref).Trim());
        Assert.Equal("ias <ias@localhost>", repo.Git.Run("log", "-1", "--format=%an <%ae>", Ref).Trim());
        Assert.Equal(head, repo.Git.HeadSha());
        Assert.Equal(["staged.txt"], repo.Git.DirtyPaths());
        Assert.Equal("staged.txt\n", repo.Git.Run("diff", "--cached", "--name-only"));
        Assert.DoesNotContain("ias", repo.Git.Run("branch", "--list"));
    }

    [Fact]
    public void Nothing_is_recorded_when_the_files_are_already_so()
    {
        using var repo = new GitRepo();
        var audit = new AuditRef(repo.Git, Ref, Path.Combine(repo.Path, ".git", "audit"));
        var first = audit.Record(Files(("x/a.json", "a\n")), "first");

        Assert.Null(audit.Record(Files(("x/a.json", "a\n")), "again"));
        Assert.Null(audit.Record(Files(("x/gone.json", null)), "remove what is not there"));
        Assert.Equal(first, repo.Git.Run("rev-parse", Ref).Trim());
    }

    [Fact]
    public void Replacing_a_folder_removes_every_file_under_it_not_given_and_keeps_the_rest()
    {
        using var repo = new GitRepo();
        var audit = new AuditRef(repo.Git, Ref, Path.Combine(repo.Path, ".git", "audit"));
        audit.Record(Files(("x/a.json", "a\n"), ("x/old/b.json", "b\n"), ("y/c.json", "c\n")), "first");

        audit.Record(Files(("x/a.json", "a\n"), ("x/new.json", "n\n")), "whole x", replaceUnder: "x");

        Assert.Equal(["x/a.json", "x/new.json", "y/c.json"], repo.Git.Run("ls-tree", "-r", "--name-only", Ref).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_ref_moved_by_anyone_else_is_refused_with_what_to_do_and_not_built_on()
    {
        using var repo = new GitRepo();
        var audit = new AuditRef(repo.Git, Ref, Path.Combine(repo.Path, ".git", "audit"));
        var mine = audit.Record(Files(("x/a.json", "a\n")), "first")!;
        repo.Git.Run("update-ref", Ref, repo.Git.HeadSha()!);

        var moved = audit.Moved();
        var refused = Assert.Throws<InvalidOperationException>(() => audit.Record(Files(("x/a.json", "changed\n")), "second"));

        Assert.Equal(moved, refused.Message);
        Assert.StartsWith($"{Ref} was moved outside ias from {mine[..12]} to ", moved);
        Assert.EndsWith($"then put it back with `git update-ref {Ref} {mine}`", moved);
        Assert.Equal(repo.Git.HeadSha(), repo.Git.Run("rev-parse", Ref).Trim());

        repo.Git.Run("update-ref", Ref, mine);
        Assert.Null(audit.Moved());
        Assert.NotNull(audit.Record(Files(("x/a.json", "changed\n")), "second"));
    }

    [Fact]
    public void A_ref_that_ias_did_not_make_is_not_taken_over()
    {
        using var repo = new GitRepo();
        repo.Git.Run("update-ref", Ref, repo.Git.HeadSha()!);
        var audit = new AuditRef(repo.Git, Ref, Path.Combine(repo.Path, ".git", "audit"));

        Assert.StartsWith($"{Ref} exists but ias did not write it", audit.Moved());
        Assert.Throws<InvalidOperationException>(() => audit.Record(Files(("x/a.json", "a\n")), "first"));
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData("")]
    [InlineData("é ✓\n")]
    public void A_blobs_id_is_the_one_git_gives_it(string text)
    {
        using var repo = new GitRepo();
        repo.Write("t.txt", text);

        Assert.Equal(repo.Git.Run("hash-object", "--no-filters", "t.txt").Trim(), AuditRef.BlobId(text));
    }

    private static Dictionary<string, string?> Files(params (string Path, string? Text)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
}
