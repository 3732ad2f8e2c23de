using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The README's recipes work as written: each shell block marked `&lt;!-- test: NAME --&gt;` runs with bash in a fresh git
/// repository with one commit and a git identity, `ias` being this build's and no agent CLI on PATH. The quick start ends
/// with its sprint DONE (JACKED_OUT); the overnight block's detached runner does both its jobs, and the morning block's
/// report names them done and stops the runner.
/// </summary>
public sealed partial class ReadmeRecipeTests
{
    // Only a hang reaches this: a sprint's six turns took minutes on 2 cores under load.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_quick_start_typed_as_written_in_a_fresh_repository_ends_with_its_sprint_done()
    {
        using var dir = new TempDir();
        var checkout = await Checkout.FreshAsync(dir);
        try
        {
            var (code, output) = await checkout.BashAsync(Recipe("quick-start"));

            Assert.True(code == 0, $"the quick start: exit {code}\n{output}");
            var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(checkout.Repo, ".run", "state.json")))!;
            Assert.Equal("JACKED_OUT", (string?)state["state"]);
            var status = await checkout.IasAsync("status", "--json");
            Assert.True(status.Code == 0, $"ias status --json: exit {status.Code}\n{status.Out}{status.Err}");
            var run = JsonNode.Parse(status.Out)!;
            Assert.Equal(("JACKED_OUT", "sprint-1", "feature/sprint-1"), ((string?)run["state"], (string?)run["target"], (string?)run["branch"]));
            Assert.Contains("chore(sprint-1): COMPLETED", await DemoTests.Git(checkout.Repo, "log", "--format=%s", "feature/sprint-1"), StringComparison.Ordinal);
        }
        finally
        {
            checkout.StopWhatIsLeft();
        }
    }

    [Fact]
    public async Task The_overnight_recipe_runs_both_jobs_detached_and_the_morning_recipe_reports_them_done_and_stops_the_runner()
    {
        using var dir = new TempDir();
        var checkout = await Checkout.FreshAsync(dir);
        try
        {
            // The repository as the quick start's first line leaves it: Run Mode set up, the simulated agent in every role.
            var init = await checkout.IasAsync("init-repo", "--agent", "sim", "--yes");
            Assert.True(init.Code == 0, $"ias init-repo: exit {init.Code}\n{init.Out}{init.Err}");

            var night = await checkout.BashAsync(Recipe("overnight"));
            Assert.True(night.Code == 0, $"the overnight recipe: exit {night.Code}\n{night.Output}");
            await Until.TrueAsync(async () => JobStates(await checkout.NightAsync()) is ["done", "done"], "both of the night's jobs done", Limit);

            var morning = await checkout.BashAsync(Recipe("morning"));

            Assert.True(morning.Code == 0, $"the morning recipe: exit {morning.Code}\n{morning.Output}");
            Assert.Contains("queue  night: 2 job(s) done, 0 failed", morning.Output, StringComparison.Ordinal);
            Assert.Contains("stop sent to the runner of night", morning.Output, StringComparison.Ordinal);
            await Until.TrueAsync(async () => (bool?)(await checkout.NightAsync())["runner_alive"] == false, "the night's runner stopped", Limit);
            Assert.Contains("job 0002-implementer", await DemoTests.Git(checkout.Repo, "log", "--format=%s", "ias/queue/night"), StringComparison.Ordinal);
            Assert.Equal("main", (await DemoTests.Git(checkout.Repo, "branch", "--show-current")).Trim());
        }
        finally
        {
            checkout.StopWhatIsLeft();
        }
    }

    /// <summary>The jobs' states, in the order of their ids; a failed job fails the test at once with the run's status.</summary>
    private static string[] JobStates(JsonNode night)
    {
        var jobs = night["jobs"]!.AsArray().Select(j => j!).OrderBy(j => (string?)j["id"], StringComparer.Ordinal).ToList();
        Assert.True(jobs.All(j => (string?)j["state"] != "failed"), $"a job of the night failed:\n{night}");
        return [.. jobs.Select(j => (string)j["state"]!)];
    }

    /// <summary>The shell block the README marks `&lt;!-- test: NAME --&gt;`, as written.</summary>
    private static string Recipe(string name)
    {
        var readme = File.ReadAllText(Path.Combine(QuickStartTests.SourceRepository(), "README.md")).ReplaceLineEndings("\n");
        var block = Assert.Single(RecipeBlock().Matches(readme), m => m.Groups["name"].Value == name);
        return block.Groups["body"].Value;
    }

    [GeneratedRegex("<!-- test: (?<name>[a-z-]+) -->\n```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex RecipeBlock();

    /// <summary>
    /// A person's repository on a machine of the test's own: a HOME with a git identity (so the agents' workspaces live in
    /// its cache), no agent CLI on PATH, the state folder of the repository's own.
    /// </summary>
    private sealed class Checkout
    {
        private readonly Dictionary<string, string> _env;

        private Checkout(TempDir dir)
        {
            Repo = Directory.CreateDirectory(dir.Combine("shop")).FullName;
            _env = VendorPath.Environment(dir);
        }

        public string Repo { get; }

        /// <summary>A new repository with a README, committed on main.</summary>
        public static async Task<Checkout> FreshAsync(TempDir dir)
        {
            var checkout = new Checkout(dir);
            var (code, output) = await checkout.BashAsync("git init -q -b main\nprintf '# shop\\n' > README.md\ngit add README.md\ngit commit -qm 'First commit'\n");
            Assert.True(code == 0, $"the fresh repository: exit {code}\n{output}");
            return checkout;
        }

        public Task<(int Code, string Out, string Err)> IasAsync(params string[] args) => IasProcess.RunAsync(Repo, _env, args);

        /// <summary>`ias status --run night --json`.</summary>
        public async Task<JsonNode> NightAsync()
        {
            var status = await IasAsync("status", "--run", "night", "--json");
            return JsonNode.Parse(status.Out) ?? throw new InvalidOperationException($"ias status --run night --json: exit {status.Code}\n{status.Err}");
        }

        /// <summary>
        /// Runs <paramref name="script"/> with bash in the repository, stopping at the first command that fails, `ias` a
        /// function that starts this build's ias as <see cref="IasProcess"/> does → its exit code, stdout then stderr.
        /// </summary>
        public async Task<(int Code, string Output)> BashAsync(string script)
        {
            var ias = string.Join(' ', new[] { "env", IasProcess.DefaultSignals }.Concat(IasProgram.Default.Command).Select(Quoted));
            var psi = new ProcessStartInfo("bash", ["-c", $"set -eo pipefail\nias() {{ {ias} \"$@\"; }}\n{script}"])
            {
                WorkingDirectory = Repo,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (key, value) in _env)
            {
                psi.Environment[key] = value;
            }

            psi.Environment[BoxLayout.ShareVariable] = IasProcess.SharedWithBox;
            psi.Environment["XDG_STATE_HOME"] = StateHome.For(Repo);
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(Limit);
            return (p.ExitCode, await output + await error);
        }

        /// <summary>A runner, an engine or an agent a failed test left running: stopped by the pids they recorded.</summary>
        public void StopWhatIsLeft()
        {
            foreach (var (file, group) in new[] { ("queue/night.owner", false), ("queue/night.agent.pid", true), ("engine.owner", false), ("agent.pid", true) })
            {
                var path = Path.Combine(Repo, ".run", file);
                var words = File.Exists(path) ? File.ReadAllText(path).Split(' ', StringSplitOptions.TrimEntries) : [];
                var pid = group ? words.FirstOrDefault() : words.ElementAtOrDefault(1);
                if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Until.Alive(id))
                {
                    Process.Start("kill", ["-9", "--", group ? "-" + pid : pid])!.WaitForExit(5000);
                }
            }
        }

        private static string Quoted(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
