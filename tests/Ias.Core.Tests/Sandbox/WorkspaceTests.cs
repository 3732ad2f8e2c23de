using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The run's private workspace on a real repository, with git run inside a real box.</summary>
public sealed class WorkspaceTests : IDisposable
{
    private readonly GitRepo _repo = new();
    private readonly TempDir _place = new();
    private readonly TempDir _scratch = new();

    public void Dispose()
    {
        _repo.Dispose();
        _place.Dispose();
        _scratch.Dispose();
    }

    private Workspace Make() => new(_repo.Git, _place.Combine("w"), new AgentBox(BoxLayout.For(_repo.Git, [])));

    [BoxFact]
    public void A_workspace_holds_the_checkout_as_it_stands_and_its_change_comes_back_as_a_patch()
    {
        _repo.Write("feedback.md", "not committed yet\n");
        var ws = Make();
        var baseCommit = ws.Snapshot(_scratch.Combine("snap"));

        Assert.Null(ws.Sync("main", baseCommit, _scratch.Path));
        Assert.Equal("not committed yet\n", File.ReadAllText(Path.Combine(ws.Path, "feedback.md")));

        File.WriteAllText(Path.Combine(ws.Path, "work.txt"), "done\n");
        var patch = ws.WritePatch(baseCommit, 1 << 20, _scratch.Path);
        Assert.Null(patch.NotWritten);

        var check = TurnPatch.Check(patch.Bytes, new PatchRules([], 1 << 20));
        Assert.Equal(1, check.Files);
        Assert.Contains("b/work.txt", System.Text.Encoding.UTF8.GetString(check.Accepted), StringComparison.Ordinal);
    }

    [BoxFact]
    public void The_workspaces_own_config_runs_no_filter_while_its_patch_is_written()
    {
        // A clean filter in the workspace's config could rewrite the patch as git writes it, or run past the box's limits.
        var ws = Make();
        var head = _repo.Git.HeadSha()!;
        Assert.Null(ws.Sync("main", head, _scratch.Path));
        var ran = Path.Combine(ws.Path, "filter-ran");
        var filter = Path.Combine(ws.Path, "clean.sh");
        File.WriteAllText(filter, $"#!/bin/sh\ntouch '{ran}'\necho swa\"\"pped\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(filter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        new Ias.Core.Git.GitCli(ws.Path).Run("config", "filter.evil.clean", filter);
        File.WriteAllText(Path.Combine(ws.Path, ".gitattributes"), "*.txt filter=evil\n");
        File.WriteAllText(Path.Combine(ws.Path, "work.txt"), "the agent's own words\n");

        var patch = ws.WritePatch(head, 1 << 20, _scratch.Path);

        Assert.Null(patch.NotWritten);
        var text = System.Text.Encoding.UTF8.GetString(patch.Bytes);
        Assert.Contains("+the agent's own words", text, StringComparison.Ordinal);
        Assert.DoesNotContain("swapped", text, StringComparison.Ordinal);
        Assert.False(File.Exists(ran), "the workspace's clean filter ran while the patch was written");
    }

    [BoxFact]
    public void A_patch_over_the_limit_comes_back_as_too_large_and_is_not_kept()
    {
        var ws = Make();
        var head = _repo.Git.HeadSha()!;
        Assert.Null(ws.Sync("main", head, _scratch.Path));
        foreach (var i in Enumerable.Range(0, 8))
        {
            File.WriteAllText(Path.Combine(ws.Path, $"f{i}.txt"), new string('x', 600) + "\n");
        }

        var patch = ws.WritePatch(head, 2048, _scratch.Path);

        Assert.True(patch.TooLarge);
        Assert.True(patch.Bytes.Length <= 2049);
    }

    [BoxFact]
    public void A_workspace_whose_git_the_agent_replaced_with_a_link_is_made_again_without_following_it()
    {
        var ws = Make();
        var head = _repo.Git.HeadSha()!;
        Assert.Null(ws.Sync("main", head, _scratch.Path));
        var gitDir = Path.Combine(ws.Path, ".git");
        Directory.Delete(gitDir, recursive: true);
        Directory.CreateSymbolicLink(gitDir, Path.Combine(_repo.Path, ".git"));

        Assert.Null(ws.Sync("main", head, _scratch.Path));

        Assert.Null(new DirectoryInfo(gitDir).LinkTarget);
        Assert.True(File.Exists(Path.Combine(_repo.Path, ".git", "HEAD")), "the checkout's .git was followed");
    }

    [BoxFact]
    public void A_workspace_past_its_limit_is_removed_with_one_line_and_a_sparse_file_is_within_it()
    {
        var ws = new Workspace(_repo.Git, _place.Combine("w"), new AgentBox(BoxLayout.For(_repo.Git, []) with { Limits = new BoxLimits(4096, 1 << 28, 4L << 20) }));
        Assert.Null(ws.Sync("main", _repo.Git.HeadSha()!, _scratch.Path));
        using (var sparse = File.Create(Path.Combine(ws.Path, "sparse.bin")))
        {
            sparse.SetLength(1L << 30);
        }

        Assert.Null(ws.Overflow("implementer"));

        File.WriteAllBytes(Path.Combine(ws.Path, "a.bin"), new byte[3 << 20]);
        File.WriteAllBytes(Path.Combine(ws.Path, "b.bin"), new byte[3 << 20]);
        var line = ws.Overflow("implementer");

        Assert.NotNull(line);
        Assert.Contains("ias.sandbox.workspace_mb (4 MiB)", line, StringComparison.Ordinal);
        Assert.Contains(ws.Path, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ws.Path), "the workspace past its limit stayed");
    }

    [BoxFact]
    public void A_run_that_ends_resumable_keeps_only_its_workspaces_git_and_one_that_ends_for_good_keeps_nothing()
    {
        var ws = Make();
        Assert.Null(ws.Sync("main", _repo.Git.HeadSha()!, _scratch.Path));
        File.WriteAllText(Path.Combine(ws.Path, "build.cache"), "ignored or not, it goes\n");
        using var outside = new TempDir();
        File.WriteAllText(outside.Combine("keep"), "outside\n");
        File.CreateSymbolicLink(Path.Combine(ws.Path, "out"), outside.Path);

        Workspace.EndAt(ws.Path, resumable: true);

        Assert.Equal([".git"], Directory.GetFileSystemEntries(ws.Path).Select(Path.GetFileName));
        Assert.True(File.Exists(outside.Combine("keep")), "a link in the workspace was followed");
        Assert.Null(ws.Sync("main", _repo.Git.HeadSha()!, _scratch.Path));
        Assert.True(File.Exists(Path.Combine(ws.Path, "README.md")), "the resumed workspace was not checked out again");

        Workspace.EndAt(ws.Path, resumable: false);

        Assert.False(Directory.Exists(ws.Path), "the workspace of a run ended for good stayed");
    }
}
