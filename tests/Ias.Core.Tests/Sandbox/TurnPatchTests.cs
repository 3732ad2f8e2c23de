using System.Text;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>A patch from the box is data: each file's section is checked on its own, and only the sound ones are applied.</summary>
public sealed class TurnPatchTests : IDisposable
{
    private static readonly PatchRules Rules = new([".husky", "team.gitconfig"], 1024 * 1024);
    private readonly GitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    /// <summary>The change in the work tree since HEAD, as the box writes it.</summary>
    private byte[] Patch()
    {
        _repo.Git.Run("add", "-A");
        var file = Path.Combine(_repo.Path, "..", Path.GetFileName(_repo.Path) + ".patch");
        _repo.Git.Run("diff", "--cached", "--binary", "--full-index", "--no-renames", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", $"--output={file}", "HEAD", "--");
        var bytes = File.ReadAllBytes(file);
        File.Delete(file);
        return bytes;
    }

    private static string Why(PatchCheck check, string path) => Assert.Single(check.Refused, r => r.Path == path).Why;

    [Fact]
    public void Ordinary_files_pass_whole_and_apply_byte_for_byte()
    {
        _repo.Write("src/a.txt", "hello\n");
        _repo.Write("src/ünï köde.txt", "x\n");
        File.WriteAllBytes(Path.Combine(_repo.Path, "blob.bin"), [0, 1, 2, 255, 0]);
        var patch = Patch();

        var check = TurnPatch.Check(patch, Rules);

        Assert.Empty(check.Refused);
        Assert.Equal(3, check.Files);
        Assert.Equal(patch, check.Accepted);
    }

    [Theory]
    [InlineData(".GIT/config")]
    [InlineData(".git./hooks/x")]
    [InlineData("sub/.git /config")]
    [InlineData("GIT~1/config")]
    [InlineData("a/.gi\u200Ct/hooks/post-commit")]
    [InlineData(".gi\u206Et/config")]
    [InlineData(".git::$INDEX_ALLOCATION/config")]
    public void Every_spelling_of_gits_own_folder_is_refused(string path)
    {
        // git's own add refuses these names; an agent that writes its workspace's index by hand, or a git told otherwise, need not.
        _repo.Write("fine.txt", "fine\n");
        var patch = Encoding.UTF8.GetBytes(Section(path)).Concat(Patch()).ToArray();

        var check = TurnPatch.Check(patch, Rules);

        Assert.Contains("git's own folder", Why(check, path), StringComparison.Ordinal);
        Assert.Contains("fine.txt", Encoding.UTF8.GetString(check.Accepted), StringComparison.Ordinal);
        Assert.DoesNotContain("fsmonitor", Encoding.UTF8.GetString(check.Accepted), StringComparison.Ordinal);
    }

    private static string Section(string path) =>
        $"diff --git a/{path} b/{path}\nnew file mode 100644\nindex 0000000000000000000000000000000000000000..1111111111111111111111111111111111111111\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,2 @@\n+[core]\n+\tfsmonitor = ./evil\n";

    [Theory]
    [InlineData(".run/ias.db", "ias's own file")]
    [InlineData(".ias/prompts/review.md", "ias's own file")]
    [InlineData(".loa.config.yaml", "ias's own file")]
    [InlineData("docs/ias/runs/r1.md", "ias's own file")]
    [InlineData(".husky/post-commit", "the engine's git reads")]
    [InlineData("team.gitconfig", "the engine's git reads")]
    [InlineData(".gitmodules", "nested repositories")]
    [InlineData("lib/.gitmodules", "nested repositories")]
    [InlineData("gitmod~1", "nested repositories")]
    [InlineData("lib/GI7EBA~2", "nested repositories")]
    [InlineData("a\tb.txt", "control character")]
    [InlineData("a\nb.txt", "control character")]
    public void Files_the_engine_or_git_reads_and_names_that_hide_lines_are_refused(string path, string why)
    {
        _repo.Write(path, "planted\n");

        var check = TurnPatch.Check(Patch(), Rules);

        Assert.Contains(why, Why(check, path), StringComparison.Ordinal);
        Assert.Empty(check.Accepted);
    }

    [Fact]
    public void A_gitlink_is_refused()
    {
        var sub = Path.Combine(_repo.Path, "sub");
        _repo.Git.Run("init", "--quiet", sub);
        new Ias.Core.Git.GitCli(sub).Run("-c", "user.name=a", "-c", "user.email=a@b", "commit", "--quiet", "--allow-empty", "-m", "n");

        var check = TurnPatch.Check(Patch(), Rules);

        Assert.Contains("gitlink", Why(check, "sub"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_larger_than_the_limit_is_refused_by_its_stated_size()
    {
        File.WriteAllBytes(Path.Combine(_repo.Path, "big.bin"), new byte[2 * 1024 * 1024]);

        var check = TurnPatch.Check(Patch(), Rules);

        Assert.Contains("more than the 1048576", Why(check, "big.bin"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_made_section_with_a_rename_or_an_odd_mode_or_leading_text_is_refused()
    {
        var patch = "junk before\n"
            + "diff --git a/x b/x\nold mode 100644\nnew mode 100777\n"
            + "diff --git a/y b/y\nsimilarity index 100%\nrename from y\nrename to .git/config\n"
            + "diff --git a/../up b/../up\nnew file mode 100644\n";

        var check = TurnPatch.Check(Encoding.ASCII.GetBytes(patch), Rules);

        Assert.Equal(4, check.Refused.Count);
        Assert.Contains("mode 100777", Why(check, "x"), StringComparison.Ordinal);
        Assert.Contains("rename", Why(check, "y"), StringComparison.Ordinal);
        Assert.Contains("`..`", Why(check, "../up"), StringComparison.Ordinal);
        Assert.Empty(check.Accepted);
    }
}
