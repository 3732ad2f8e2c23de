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
        var patch = _scratch.Combine("turn.patch");
        Assert.Null(ws.WritePatch(baseCommit, patch, 1 << 20, _scratch.Path));

        var check = TurnPatch.Check(File.ReadAllBytes(patch), new PatchRules([], 1 << 20));
        Assert.Equal(1, check.Files);
        Assert.Contains("b/work.txt", System.Text.Encoding.UTF8.GetString(check.Accepted), StringComparison.Ordinal);
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
}
