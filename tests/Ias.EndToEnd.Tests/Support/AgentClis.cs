using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// The real claude, codex and gemini CLIs that `.ci/run` installs with `npm ci` into tests/agent-clis,
/// and a throwaway HOME per CLI that points it at a <see cref="FakeModelApi"/> or at nothing at all.
/// </summary>
public static class AgentClis
{
    private static readonly Lazy<(string? Bin, string? Problem)> Installed = new(Find);

    /// <summary>tests/agent-clis/node_modules/.bin, or null when the CLIs are not installed.</summary>
    public static string? BinDir => Installed.Value.Bin;

    /// <summary>Why the tier cannot run here, or null when it can.</summary>
    public static string? Missing => Installed.Value.Bin is null ? Installed.Value.Problem ?? NotInstalled : null;

    private const string NotInstalled =
        "real agent CLIs not installed: run `npm ci --prefix tests/agent-clis` (as .ci/run does) to test against claude, codex and gemini";

    // How long a CLI itself waits on a silent model API before it gives up or reconnects: far beyond any idle limit
    // the tests give ias, so a stalled API is always caught by ias's own idle limit. With both at 20 s the two timers
    // raced, and on a busy machine codex's "Reconnecting… idle timeout waiting for SSE" came first and read as Network.
    private const string CliStallTimeoutMs = "300000";

    /// <summary>The environment for `ias` whose agent is <paramref name="cli"/>: a fresh HOME, the CLIs first on PATH, and the fake API (if any) as its model endpoint.</summary>
    public static Dictionary<string, string> Environment(string cli, string home, FakeModelApi? api) => Environment(cli, home, api?.BaseUrl);

    /// <summary>As above, with the model endpoint given by its base URL (null: none, as on a machine never logged in).</summary>
    public static Dictionary<string, string> Environment(string cli, string home, string? modelApi)
    {
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["CODEX_HOME"] = Path.Combine(home, ".codex"),
            ["PATH"] = $"{BinDir}:{System.Environment.GetEnvironmentVariable("PATH")}",

            // No credential of the machine's own may leak in: an empty value is no key.
            ["ANTHROPIC_API_KEY"] = "",
            ["ANTHROPIC_AUTH_TOKEN"] = "",
            ["CLAUDE_CODE_OAUTH_TOKEN"] = "",
            ["OPENAI_API_KEY"] = "",
            ["CODEX_API_KEY"] = "",
            ["GEMINI_API_KEY"] = "",
            ["GOOGLE_API_KEY"] = "",

            // Only the model API is faked: nothing else may be called.
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_ERROR_REPORTING"] = "1",
            ["GEMINI_TELEMETRY_ENABLED"] = "false",
            ["NO_UPDATE_NOTIFIER"] = "1",
        };
        Directory.CreateDirectory(env["CODEX_HOME"]);
        if (modelApi is null)
        {
            return env;
        }

        switch (cli)
        {
            case "claude":
                env["ANTHROPIC_BASE_URL"] = modelApi;
                env["ANTHROPIC_API_KEY"] = "sk-ant-fake";
                env["ANTHROPIC_MODEL"] = "claude-fake";
                env["ANTHROPIC_SMALL_FAST_MODEL"] = "claude-fake";
                env["CLAUDE_CODE_MAX_RETRIES"] = "2";
                env["API_TIMEOUT_MS"] = CliStallTimeoutMs;
                break;
            case "codex":
                // A provider of the user's own, its key in a variable no pattern of the adapter names: the box lets it in because config.toml names it.
                env["MYPROXY_API_KEY"] = "sk-fake";
                File.WriteAllText(Path.Combine(env["CODEX_HOME"], "config.toml"), $$"""
                    model = "gpt-fake"
                    model_provider = "fake"
                    check_for_update_on_startup = false

                    [model_providers.fake]
                    name = "fake"
                    base_url = "{{modelApi}}/v1"
                    wire_api = "responses"
                    env_key = "MYPROXY_API_KEY"
                    request_max_retries = 1
                    stream_max_retries = 1
                    stream_idle_timeout_ms = {{CliStallTimeoutMs}}
                    """);
                break;
            case "gemini":
                env["GOOGLE_GEMINI_BASE_URL"] = modelApi;
                env["GEMINI_API_KEY"] = "fake-gemini-key";
                var settings = Path.Combine(home, ".gemini");
                Directory.CreateDirectory(settings);
                File.WriteAllText(Path.Combine(settings, "settings.json"), new JsonObject
                {
                    ["security"] = new JsonObject { ["auth"] = new JsonObject { ["selectedType"] = "gemini-api-key" } },
                    ["general"] = new JsonObject { ["disableAutoUpdate"] = true },
                    ["privacy"] = new JsonObject { ["usageStatisticsEnabled"] = false },
                }.ToJsonString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cli), cli, "not one of claude, codex, gemini");
        }

        return env;
    }

    /// <summary>
    /// With IAS_RECORD_CASSETTES=1, keeps a job's stdout, stderr and exit code as tests/Ias.Core.Tests/Agents/Cassettes/CLI/NAME.jsonl,
    /// .stderr and .exit for the unit tier, and <paramref name="clock"/> (an instant and the local time zone) as .clock when the words depend on it.
    /// </summary>
    public static void RecordCassette(string cli, string name, string jobDir, DateTimeOffset? clock = null, [CallerFilePath] string here = "")
    {
        if (System.Environment.GetEnvironmentVariable("IAS_RECORD_CASSETTES") != "1")
        {
            return;
        }

        var folder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Ias.Core.Tests", "Agents", "Cassettes", cli));
        var root = Path.GetFullPath(Path.Combine(folder, "..", "..", "..", "..", "..")) + "/";

        // Paths of this checkout mean nothing elsewhere.
        File.WriteAllText(Path.Combine(folder, name + ".jsonl"), File.ReadAllText(Path.Combine(jobDir, "stdout.jsonl")).Replace(root, "", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, name + ".stderr"), File.ReadAllText(Path.Combine(jobDir, "stderr.log")).Replace(root, "", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, name + ".exit"), File.ReadAllText(Path.Combine(jobDir, "exit_code")).Trim() + "\n");
        if (clock is { } at)
        {
            File.WriteAllText(Path.Combine(folder, name + ".clock"), $"{at.ToUniversalTime():O} {TimeZoneInfo.Local.Id}\n");
        }
    }

    // A fresh clone runs `dotnet test` only: the tier installs its pinned CLIs itself, once, when npm is there.
    private static (string? Bin, string? Problem) Find()
    {
        if (Locate() is { } bin)
        {
            return (bin, null);
        }

        var folder = Folder();
        if (folder is null)
        {
            return (null, null);
        }

        try
        {
            using var npm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("npm")
            {
                ArgumentList = { "ci", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = npm.StandardError.ReadToEndAsync();
            _ = npm.StandardOutput.ReadToEndAsync();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                npm.Kill(entireProcessTree: true);
                return (null, "real agent CLIs not installed: `npm ci --prefix tests/agent-clis` took over 10 minutes");
            }

            var why = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return npm.ExitCode == 0
                ? (Locate(), null)
                : (null, $"real agent CLIs not installed: `npm ci --prefix tests/agent-clis` failed ({why ?? $"exit {npm.ExitCode}"})");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "real agent CLIs not installed: npm is not on PATH (install Node.js 18+ to test against claude, codex and gemini)");
        }
    }

    private static string? Locate()
    {
        var folder = Folder();
        var bin = folder is null ? null : Path.Combine(folder, "node_modules", ".bin");
        return bin is not null && File.Exists(Path.Combine(bin, "claude")) && File.Exists(Path.Combine(bin, "codex")) && File.Exists(Path.Combine(bin, "gemini"))
            ? bin
            : null;
    }

    private static string? Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "agent-clis");
            if (File.Exists(Path.Combine(folder, "package-lock.json")))
            {
                return folder;
            }
        }

        return null;
    }
}
