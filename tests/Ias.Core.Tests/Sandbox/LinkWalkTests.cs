using Ias.Core.Sandbox;

namespace Ias.Core.Tests.Sandbox;

/// <summary>A link's target is walked part by part through the tree's other links, as the kernel walks it.</summary>
public sealed class LinkWalkTests
{
    private static LinkEnd Follow(string link, params (string Path, string Target)[] links) =>
        LinkWalk.Follow(link, links.ToDictionary(l => l.Path, l => l.Target, StringComparer.Ordinal));

    [Theory]
    [InlineData("docs/a", "b", "docs/b")]
    [InlineData("docs/a", "../src/./x", "src/x")]
    [InlineData("a", ".", "")]
    [InlineData("a/b/c/d/up", "../../../..", "")]
    public void A_target_without_other_links_ends_where_its_text_says(string link, string target, string end)
    {
        Assert.Equal(end, Follow(link, (link, target)).Path);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void A_target_that_starts_outside_the_tree_leaves_it(string target)
    {
        var end = Follow("a", ("a", target));

        Assert.Null(end.Path);
        Assert.False(end.Loop);
    }

    [Fact]
    public void Each_link_on_the_way_is_followed_from_the_folder_it_is_in()
    {
        var end = Follow("z", ("z", "a/up/../x"), ("a/up", "../b/c"));

        // a/up names b/c; .. from there is b; then x.
        Assert.Equal("b/x", end.Path);
        Assert.Equal(["z", "a", "a/up", "b", "b/c", "b/x"], end.Visited);
    }

    [Fact]
    public void Links_that_name_each_other_are_a_loop()
    {
        var end = Follow("a", ("a", "b"), ("b", "a"));

        Assert.True(end.Loop);
        Assert.Null(end.Path);
    }

    [Fact]
    public void Only_links_the_patch_makes_or_walks_through_are_judged()
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal) { ["theirs"] = "/srv/shared", ["mine"] = "../out" };
        var rules = new PatchRules([], 1024);

        var refused = LinkWalk.Judge(links, new HashSet<string>(StringComparer.Ordinal) { "mine", "docs/readme.md" }, rules);

        Assert.Equal("mine", Assert.Single(refused).Path);
    }
}
