using Ias.Core.Agents.Adapters;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The agent's environment is an allowlist: what each CLI declares, what every program needs, and what the user allows.</summary>
public sealed class BoxEnvironmentTests
{
    private static readonly Dictionary<string, string?> Inherited = new()
    {
        ["PATH"] = "/usr/bin",
        ["HOME"] = "/home/u",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C",
        ["https_proxy"] = "http://proxy:3128",
        ["ANTHROPIC_API_KEY"] = "sk-ant",
        ["OPENAI_API_KEY"] = "sk-oa",
        ["GEMINI_API_KEY"] = "g",
        ["IAS_QUEUE_CONNECTION"] = "Password=x",
        ["AWS_SECRET_ACCESS_KEY"] = "aws",
        ["NPM_TOKEN"] = "npm",
        ["GH_TOKEN"] = "gh",
        ["SSH_AUTH_SOCK"] = "/run/user/1/ssh",
        ["XDG_RUNTIME_DIR"] = "/run/user/1",
        ["LD_PRELOAD"] = "/x.so",
        ["IAS_SIM_SCENARIO"] = "/s.json",
    };

    [Fact]
    public void Claude_gets_its_own_keys_and_what_every_program_needs_and_nothing_else()
    {
        var env = BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("claude")!.Needs, []);

        Assert.Equal(["ANTHROPIC_API_KEY", "HOME", "LANG", "LC_ALL", "PATH", "https_proxy"], env.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_cli_gets_only_its_own_api_variables()
    {
        Assert.Contains("OPENAI_API_KEY", BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("codex")!.Needs, []).Keys);
        Assert.DoesNotContain("ANTHROPIC_API_KEY", BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("codex")!.Needs, []).Keys);
        Assert.Contains("GEMINI_API_KEY", BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("gemini")!.Needs, []).Keys);
        Assert.Contains("IAS_SIM_SCENARIO", BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("sim")!.Needs, []).Keys);
        Assert.DoesNotContain("IAS_SIM_SCENARIO", BoxEnvironment.Filter(Inherited, AgentAdapters.Builtin.Find("custom")!.Needs, []).Keys);
    }

    [Fact]
    public void A_name_in_allow_is_let_in()
    {
        var env = BoxEnvironment.Filter(Inherited, AgentNeeds.None, ["GH_TOKEN", "~/.ssh"]);

        Assert.Equal("gh", env["GH_TOKEN"]);
        Assert.DoesNotContain("NPM_TOKEN", env.Keys);
    }

    [Fact]
    public void The_variable_a_codex_provider_names_for_its_key_is_let_in_but_never_a_push_credential()
    {
        using var home = new TempDir();
        Directory.CreateDirectory(Path.Combine(home.Path, ".codex"));
        File.WriteAllText(Path.Combine(home.Path, ".codex", "config.toml"), """
            model_provider = "proxy"
            [model_providers.proxy]
            base_url = "https://llm.example.com/v1"
            env_key = "MYPROXY_API_KEY"
            [model_providers.sneaky]
            env_key = "GH_TOKEN"
            """);
        var codex = AgentAdapters.Builtin.Find("codex")!.Needs;

        var keys = BoxEnvironment.KeyVariables(codex, home.Path, new Dictionary<string, string>());
        var env = BoxEnvironment.Filter(new Dictionary<string, string?>(Inherited) { ["MYPROXY_API_KEY"] = "k" }, codex, keys);

        Assert.Equal(["MYPROXY_API_KEY"], keys);
        Assert.Equal("k", env["MYPROXY_API_KEY"]);
        Assert.DoesNotContain("GH_TOKEN", env.Keys);
        Assert.Empty(BoxEnvironment.KeyVariables(AgentAdapters.Builtin.Find("claude")!.Needs, home.Path, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_cli_binds_the_home_paths_it_declares_and_the_folder_its_variable_names()
    {
        var needs = AgentAdapters.Builtin.Find("codex")!.Needs;

        var paths = needs.Resolve("/home/u", new Dictionary<string, string> { ["CODEX_HOME"] = "/srv/codex" }).ToList();

        Assert.Equal(["/home/u/.codex", "/srv/codex"], paths);
    }

    [Fact]
    public void A_clis_token_files_are_named_in_each_folder_it_declares_and_a_variables_path_may_go_on()
    {
        var gemini = AgentAdapters.Builtin.Find("gemini")!.Needs;
        var env = new Dictionary<string, string> { ["GEMINI_CLI_HOME"] = "/srv/g" };

        var folders = gemini.Resolve("/home/u", env).ToList();
        var tokens = AgentNeeds.Resolve(gemini.Tokens, "/home/u", env).ToList();

        Assert.Equal(["/home/u/.gemini", "/srv/g/.gemini"], folders);
        Assert.Equal(["/home/u/.gemini/oauth_creds.json", "/srv/g/.gemini/oauth_creds.json"], tokens);
    }
}
