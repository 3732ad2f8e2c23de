using Ias.Core.Agents.Adapters;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The variables the user's claude and gemini settings name for their keys enter the box; a push credential never.</summary>
public sealed class KeyVariablesTests : IDisposable
{
    private static readonly Dictionary<string, string> NoVariables = [];
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void The_variables_claudes_api_key_helper_uses_enter_but_not_a_push_credential_nor_a_literal_env_value()
    {
        Write(".claude/settings.json", """
            {
              "apiKeyHelper": "echo $MY_KEY; vault read ${OTHER:-x} --token $GH_TOKEN",
              "env": { "ANTHROPIC_BASE_URL": "https://gw.example.com", "NOT_A_REFERENCE": "$TAKEN_AS_WRITTEN" }
            }
            """);

        var keys = BoxEnvironment.KeyVariables(Needs("claude"), _home.Path, NoVariables);
        var env = BoxEnvironment.Filter(new Dictionary<string, string?> { ["MY_KEY"] = "k", ["OTHER"] = "o", ["GH_TOKEN"] = "gh" }, Needs("claude"), keys);

        Assert.Equal(["MY_KEY", "OTHER"], keys);
        Assert.Equal(("k", "o"), (env["MY_KEY"], env["OTHER"]));
        Assert.DoesNotContain("GH_TOKEN", env.Keys);
    }

    [Fact]
    public void Claudes_settings_in_its_config_dir_are_read_too()
    {
        Write("config/settings.json", """{"apiKeyHelper": "/usr/local/bin/key --profile ${KEY_PROFILE}"}""");

        var keys = BoxEnvironment.KeyVariables(Needs("claude"), _home.Path, new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = _home.Combine("config") });

        Assert.Equal(["KEY_PROFILE"], keys);
    }

    [Fact]
    public void A_reference_in_any_string_of_geminis_settings_enters_comments_and_trailing_commas_allowed()
    {
        Write(".gemini/settings.json", """
            // mine
            {
              "apiKey": "$MY_GEMINI",
              "mcpServers": { "db": { "env": { "TOKEN": "${DB_TOKEN}", "GH": "$GITHUB_TOKEN" }, "args": ["--x", "$DB_ARG"], }, },
              "ui": { "theme": "plain" },
            }
            """);

        Assert.Equal(["MY_GEMINI", "DB_TOKEN", "DB_ARG"], BoxEnvironment.KeyVariables(Needs("gemini"), _home.Path, NoVariables));
    }

    [Theory]
    [InlineData("claude", ".claude/settings.json")]
    [InlineData("gemini", ".gemini/settings.json")]
    public void A_malformed_settings_file_names_nothing_and_throws_nothing(string cli, string file)
    {
        Write(file, """{"apiKeyHelper": "echo $MY_KEY", "apiKey": "$MY_KEY" """);

        Assert.Empty(BoxEnvironment.KeyVariables(Needs(cli), _home.Path, NoVariables));
    }

    [Fact]
    public void A_settings_file_that_is_a_link_is_not_followed()
    {
        Write("elsewhere.json", """{"apiKeyHelper": "echo $MY_KEY"}""");
        Directory.CreateDirectory(_home.Combine(".claude"));
        File.CreateSymbolicLink(_home.Combine(".claude", "settings.json"), _home.Combine("elsewhere.json"));

        Assert.Empty(BoxEnvironment.KeyVariables(Needs("claude"), _home.Path, NoVariables));
    }

    private static AgentNeeds Needs(string cli) => AgentAdapters.Builtin.Find(cli)!.Needs;

    private void Write(string relative, string text)
    {
        var path = _home.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
