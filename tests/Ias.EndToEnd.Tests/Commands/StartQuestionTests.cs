using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// 002's interactive rules through the real `ias`: Run Mode, a high-danger skill, starts at a terminal only after a y to
/// one line that says what it will do; a bug run started there asks about a high-risk area instead of halting at it.
/// </summary>
public sealed class StartQuestionTests
{
    private const string BugConfig = "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n";

    public StartQuestionTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task At_a_terminal_ias_run_asks_first_and_a_no_starts_nothing()
    {
        using var repo = new TestRepo();
        var head = await Shell.GitAsync(repo.Path, "rev-parse", "HEAD");
        using var tmux = Tmux.Start(220, 20, repo.Path, null, "run", "sprint-1", "--local", "--max-cycles", "3", "--timeout", "2");

        await tmux.WaitForAsync("Start sprint-1? sim works unattended on feature/sprint-1, up to 3 cycles or 2 h, committing each step, kept local (no push, no PR). [y/N]");
        tmux.Keys("n", "Enter");
        var screen = await tmux.WaitForAsync("[exited 2]");

        Assert.Contains("ias: sprint-1 not started: the answer was not yes, and nothing was changed; pass --yes to start without being asked", screen);
        Assert.Equal(head, await Shell.GitAsync(repo.Path, "rev-parse", "HEAD"));
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "branch", "--list", "feature/sprint-1")).Trim());
        Assert.False(Directory.Exists(repo.File(".run")), "the declined start left .run/ (an engine's log, ias.db) behind");
    }

    [Fact]
    public async Task At_a_terminal_the_sprint_plan_is_checked_before_it_is_asked_for_and_a_no_starts_nothing()
    {
        using var repo = new TestRepo();
        using (var refused = Tmux.Start(220, 20, repo.Path, null, "run", "sprint-plan", "--local", "--from", "3", "--to", "4"))
        {
            var screen = await refused.WaitForAsync("[exited 2]");
            Assert.Contains("lies between 3 and 4 (it has sprint-1, sprint-2)", screen);
            Assert.DoesNotContain("[y/N]", screen);
        }

        var head = await Shell.GitAsync(repo.Path, "rev-parse", "HEAD");
        using var tmux = Tmux.Start(220, 20, repo.Path, null, "run", "sprint-plan", "--local", "--timeout", "2");
        await tmux.WaitForAsync("Start the sprint plan? sim works unattended on a new feature/sprint-plan-<timestamp> branch, up to");
        tmux.Keys("n", "Enter");
        var declined = await tmux.WaitForAsync("[exited 2]");

        Assert.Contains("ias: the sprint plan not started: the answer was not yes, and nothing was changed", declined);
        Assert.Equal(head, await Shell.GitAsync(repo.Path, "rev-parse", "HEAD"));
        Assert.False(Directory.Exists(repo.File(".run")), "the declined plan left .run/ behind");
    }

    [Fact]
    public async Task A_yes_at_the_terminal_starts_the_run_in_the_dashboard()
    {
        using var repo = new TestRepo();
        using var tmux = Tmux.Start(120, 40, repo.Path, null, "run", "sprint-1");

        await tmux.WaitForAsync("[y/N]");
        tmux.Keys("y", "Enter");

        await tmux.WaitForAsync(" DONE ");
        Assert.NotEqual("", (await Shell.GitAsync(repo.Path, "branch", "--list", "feature/sprint-1")).Trim());
    }

    [Fact]
    public async Task A_bug_run_started_at_a_terminal_asks_about_its_high_risk_area_and_a_yes_fixes_it()
    {
        var (repo, env) = await HighRiskRepoAsync();
        using var owned = repo;
        using var tmux = Tmux.Start(240, 40, repo.Path, env, "run", "--bug", "Token check rejects valid sessions", "--local");

        await tmux.WaitForAsync("kept local (no push, no PR); a high-risk area found in triage is asked about. [y/N]");
        tmux.Keys("y", "Enter");

        // The dashboard shows the engine's question as it shows an agent's, and the person answers there.
        await tmux.WaitForAsync("a answer", TimeSpan.FromMinutes(2));
        tmux.Keys("a");
        await tmux.WaitForAsync("D1 asks: High-risk area detected");
        tmux.Keys("yes", "Enter");

        await Until.TrueAsync(() => Bug(repo) is { } b && b.GetProperty("state").GetString() == "COMPLETED", "the bug run completes", TimeSpan.FromMinutes(3));
        var bug = Bug(repo)!.Value;
        Assert.True(bug.GetProperty("allow_high").GetBoolean());
        Assert.Equal("interactive", bug.GetProperty("mode").GetString());
        var id = bug.GetProperty("bug_id").GetString()!;
        Assert.Contains("auth/session.txt", await Shell.GitAsync(repo.Path, "diff", "--name-only", $"main..bugfix/{id}"));
        Assert.Contains("## Answer\n\nyes\n", await Shell.GitAsync(repo.Path, "show", $"bugfix/{id}:docs/ias/decisions/{id}-D1.md"));
        Assert.Equal("", await Shell.GitAsync(repo.Path, "status", "--porcelain"));
    }

    [Fact]
    public async Task An_answer_other_than_yes_halts_the_bug_run_with_the_answer_and_leaves_the_tree_clean()
    {
        HookFile? hook = null;
        var (repo, env) = await HighRiskRepoAsync(r => hook = new HookFile(Path.GetDirectoryName(r.Path)!));
        using var owned = repo;

        // What the terminal's `ias run --bug` hands its detached engine once the person said yes to the start.
        await using var engine = IasProcess.Start(repo.Path, env, "run", "--bug", "Token check rejects valid sessions", "--local", "--headless", "--ask-high", "--confirmed");
        await engine.WaitForLineAsync("asked D1; answer with `ias answer D1 yes` (or no)", TimeSpan.FromMinutes(2));
        var decisions = await IasProcess.RunAsync(repo.Path, "decisions");
        Assert.Contains("D1", decisions.Out);
        Assert.Contains("High-risk area detected", decisions.Out);

        var answer = await IasProcess.RunAsync(repo.Path, "answer", "D1", "no, not tonight");
        Assert.Equal(0, answer.Code);

        Assert.Equal(1, await engine.ExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("High-risk area detected (auth/payment/migration). Use --allow-high to proceed. (auth/session.txt); D1 was answered \"no, not tonight\"", engine.Stdout);
        // The person who started it may have walked away: the question went out as a notification, as an agent's does.
        var asked = Assert.Single(await hook!.LinesAsync(1));
        Assert.Equal("decision", asked.GetProperty("event").GetString());
        Assert.Equal("TRIAGE", asked.GetProperty("state").GetString());
        Assert.Matches(@"^bug \S+ asks \(D1\): high-risk area \(auth/session\.txt\); answer with `ias answer D1 yes` \(or no\)$", asked.GetProperty("summary").GetString());
        var bug = Bug(repo)!.Value;
        Assert.Equal("HALTED", bug.GetProperty("state").GetString());
        Assert.Equal(0, bug.GetProperty("circuit_breaker").GetProperty("cycle_count").GetInt32());
        Assert.Equal("token check\n", await File.ReadAllTextAsync(repo.File("auth", "session.txt")));
        Assert.Equal("", await Shell.GitAsync(repo.Path, "status", "--porcelain"));
    }

    /// <summary>A repository whose bug lies in auth/session.txt, which triage finds high risk; its notifications go to <paramref name="hook"/>.</summary>
    private static async Task<(TestRepo Repo, Dictionary<string, string> Env)> HighRiskRepoAsync(Func<TestRepo, HookFile>? hook = null)
    {
        var repo = new TestRepo();
        await repo.SetConfigAsync(BugConfig + (hook is null ? "" : "ias:\n" + hook(repo).Yaml));
        Directory.CreateDirectory(repo.File("auth"));
        await File.WriteAllTextAsync(repo.File("auth", "session.txt"), "token check\n");
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", "auth");
        return (repo, await Scenario.WriteAsync(repo, """{"bug_file": "auth/session.txt"}"""));
    }

    private static JsonElement? Bug(TestRepo repo) =>
        Directory.Exists(repo.File(".run", "bugs"))
            ? Directory.GetDirectories(repo.File(".run", "bugs"))
                .Select(d => Path.Combine(d, "state.json")).Where(File.Exists)
                .Select(f => (JsonElement?)JsonDocument.Parse(File.ReadAllText(f)).RootElement).SingleOrDefault()
            : null;
}
