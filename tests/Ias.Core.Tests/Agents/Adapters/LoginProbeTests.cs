using Ias.Core.Agents.Adapters;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class LoginProbeTests : IDisposable
{
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Gemini_without_a_key_or_a_selected_auth_method_is_not_logged_in_and_says_how_to_fix_it()
    {
        var problem = new LoginProbe().Problem(Adapter("gemini"), "gemini", Env());

        Assert.NotNull(problem);
        Assert.Contains("set GEMINI_API_KEY", problem);
    }

    [Fact]
    public void Gemini_with_an_auth_method_in_its_settings_or_a_key_in_the_environment_may_run()
    {
        Directory.CreateDirectory(_home.Combine(".gemini"));
        File.WriteAllText(_home.Combine(".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"oauth-personal"}}}""");

        Assert.Null(new LoginProbe().Problem(Adapter("gemini"), "gemini", Env()));
        Assert.Null(new LoginProbe().Problem(Adapter("gemini"), "gemini", Env(("GEMINI_API_KEY", "k"))));
    }

    [Fact]
    public void Codex_with_a_model_provider_of_its_own_or_an_api_key_is_not_asked_for_a_chatgpt_login()
    {
        Directory.CreateDirectory(_home.Combine(".codex"));
        File.WriteAllText(_home.Combine(".codex", "config.toml"), "model_provider = \"mine\"\n");

        // Both scripted CLIs say "not logged in": null means they were not asked.
        Assert.Null(new LoginProbe().Problem(Adapter("codex"), LoggedOut("codex"), Env()));
        Assert.Null(new LoginProbe().Problem(Adapter("claude"), LoggedOut("claude"), Env(("ANTHROPIC_API_KEY", "k"))));
    }

    [Fact]
    public void Codex_that_says_it_is_not_logged_in_halts_before_its_first_turn_with_what_to_do()
    {
        var problem = new LoginProbe().Problem(Adapter("codex"), LoggedOut("codex"), Env());

        Assert.Equal("`codex login status` says Not logged in; run `codex login`, or set CODEX_API_KEY", problem);
    }

    [Fact]
    public void A_status_answer_of_hundreds_of_MB_is_cut_at_the_probe_limit_and_the_verdict_says_so()
    {
        var codex = LoggedOut("codex");
        File.WriteAllText(codex, "#!/bin/sh\necho 'Not logged in' >&2\nhead -c 200000000 /dev/zero | tr '\\0' z >&2\nexit 1\n");

        var problem = new LoginProbe().Problem(Adapter("codex"), codex, Env());

        Assert.Equal("`codex login status` says Not logged in … (cut: 190 MB more); run `codex login`, or set CODEX_API_KEY", problem);
    }

    [Fact]
    public void The_verdict_quotes_the_line_that_says_not_logged_in_when_a_warning_comes_first()
    {
        var codex = LoggedOut("codex");
        File.WriteAllText(codex, "#!/bin/sh\necho 'WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries' >&2\necho 'Not logged in' >&2\nexit 1\n");

        var problem = new LoginProbe().Problem(Adapter("codex"), codex, Env());

        Assert.Equal("`codex login status` says Not logged in; run `codex login`, or set CODEX_API_KEY", problem);
    }

    [Fact]
    public void A_status_command_is_started_the_way_the_launcher_says_with_only_its_environment()
    {
        // The launcher stands for the agent's box: the probe runs what it returns, with the environment it gives and no other.
        var boxed = _home.Combine("boxed");
        File.WriteAllText(boxed, "#!/bin/sh\necho \"Not logged in: $(basename \"$1\") $2 $3 HOME=${HOME:-none}\" >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(boxed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var probe = new LoginProbe
        {
            Launcher = (command, args) => new ProbeLaunch(boxed, [command, .. args], new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, Inherit: false),
        };

        var problem = probe.Problem(Adapter("codex"), LoggedOut("codex"), Env());

        Assert.NotNull(problem);
        Assert.Contains("Not logged in: codex login status HOME=none", problem, StringComparison.Ordinal);
    }

    private string LoggedOut(string name)
    {
        var bin = _home.Combine("bin-" + name);
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\necho 'Not logged in' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Fact]
    public void Other_agents_and_wrappers_under_another_name_are_never_probed()
    {
        Assert.Null(new LoginProbe().Problem(Adapter("custom"), "my-agent", Env()));
        Assert.Null(new LoginProbe().Problem(Adapter("codex"), "codex-wrapper", Env()));
    }

    private static IAgentAdapter Adapter(string name) => AgentAdapters.Builtin.Find(name)!;

    private Dictionary<string, string?> Env(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string?> { ["HOME"] = _home.Path };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }
}
