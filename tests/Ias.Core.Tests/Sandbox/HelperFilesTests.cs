using Ias.Core.Agents.Adapters;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>A key helper script of the user's that the box does not show is said before any turn, with the way to show it.</summary>
public sealed class HelperFilesTests : IDisposable
{
    private static readonly Dictionary<string, string> NoVariables = [];
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_helper_script_elsewhere_in_the_home_is_named_in_one_line_with_the_way_out()
    {
        Settings("""{"apiKeyHelper": "$HOME/bin/get-key.sh --profile work"}""");

        var problem = HelperFiles.Problem("claude", Claude, Layout([]), NoVariables);

        Assert.Equal("claude's settings (~/.claude/settings.json) run ~/bin/get-key.sh for its key, which its box does not show: move it into a folder of claude's own "
            + "(each role gets a copy) and name it there, or add ~/bin/get-key.sh to ias.sandbox.allow in .loa.config.yaml", problem);
    }

    [Theory]
    [InlineData("""{"apiKeyHelper": "~/.claude/get-key.sh"}""")]
    [InlineData("""{"apiKeyHelper": "/usr/local/bin/get-key --user me"}""")]
    [InlineData("""{"apiKeyHelper": "~/bin/get-key.sh"}""", "~/bin")]
    [InlineData("""{"theme": "dark"}""")]
    [InlineData("""{"apiKeyHelper": "~/bin/get-key.sh" """)]
    public void A_helper_in_the_clis_own_folder_outside_the_home_or_allowed_or_none_at_all_is_no_problem(string settings, string? allowed = null)
    {
        Settings(settings);

        Assert.Null(HelperFiles.Problem("claude", Claude, Layout(allowed is null ? [] : [_home.Combine(allowed[2..])]), NoVariables));
    }

    private static AgentNeeds Claude => AgentAdapters.Builtin.Find("claude")!.Needs;

    private BoxLayout Layout(string[] allowed) => new("/work", _home.Path, [], [], [], []) { AllowedPaths = allowed };

    private void Settings(string text)
    {
        Directory.CreateDirectory(_home.Combine(".claude"));
        File.WriteAllText(_home.Combine(".claude", "settings.json"), text);
    }
}
