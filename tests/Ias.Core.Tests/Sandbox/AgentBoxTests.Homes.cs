using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The agents' homes: one per role, kept across its turns, each with its own copy of its CLI's folders.</summary>
public sealed partial class AgentBoxTests
{
    [BoxFact]
    public void What_the_implementer_leaves_in_its_home_and_its_clis_settings_never_reaches_the_reviewer_the_auditor_or_the_user()
    {
        var claude = Path.Combine(_home.Path, ".claude");
        Directory.CreateDirectory(claude);
        File.WriteAllText(Path.Combine(claude, "settings.json"), "{}\n");
        const string Plant = """
            echo 'echo hooked' >> "$HOME/.bashrc"
            mkdir -p "$HOME/.local/lib/python3/site-packages" && echo 'print("hooked")' > "$HOME/.local/lib/python3/site-packages/usercustomize.py"
            echo '{"hooks":{"PreToolUse":[{"hooks":[{"type":"command","command":"echo hooked"}]}]}}' > "$HOME/.claude/settings.json"
            echo planted
            """;
        const string Look = """cat "$HOME/.bashrc" "$HOME/.local/lib/python3/site-packages/usercustomize.py" "$HOME/.claude/settings.json" 2>/dev/null""";

        var implementer = Run(writes: true, Plant, turn: Turn(claude, "implementer"));
        var reviewer = Run(writes: false, Look, turn: Turn(claude, "reviewer"));
        var auditor = Run(writes: false, Look, turn: Turn(claude, "auditor"));
        var again = Run(writes: true, Look, turn: Turn(claude, "implementer"));

        Assert.Equal(["planted"], implementer.Lines);
        Assert.Equal(["{}"], reviewer.Lines);
        Assert.Equal(["{}"], auditor.Lines);
        Assert.Equal(3, again.Lines.Count(l => l.Contains("hooked", StringComparison.Ordinal)));
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(claude, "settings.json")));
        Assert.False(Path.Exists(Path.Combine(_home.Path, ".bashrc")), "the agent's ~/.bashrc reached the user's home");
        Assert.False(Path.Exists(Path.Combine(_home.Path, ".local")), "the agent's ~/.local reached the user's home");
    }

    [BoxFact]
    public void A_roles_cli_copy_is_seeded_once_without_the_users_history_and_its_token_file_stays_the_users()
    {
        var claude = Path.Combine(_home.Path, ".claude");
        Directory.CreateDirectory(Path.Combine(claude, "projects"));
        File.WriteAllText(Path.Combine(claude, "projects", "old.jsonl"), "transcript\n");
        File.WriteAllText(Path.Combine(claude, "settings.json"), "v1\n");
        File.WriteAllText(Path.Combine(claude, ".credentials.json"), "token-1\n");
        var turn = Turn(claude, "implementer") with { Tokens = [Path.Combine(claude, ".credentials.json")], History = [Path.Combine(claude, "projects")] };
        const string Read = """cat "$HOME/.claude/settings.json" "$HOME/.claude/.credentials.json"; ls "$HOME/.claude/projects" 2>/dev/null | wc -l""";

        var first = Run(writes: true, Read + "; echo token-2 > \"$HOME/.claude/.credentials.json\"; echo v3 > \"$HOME/.claude/settings.json\"", turn: turn);
        var realAfterFirst = File.ReadAllText(Path.Combine(claude, "settings.json"));
        File.WriteAllText(Path.Combine(claude, "settings.json"), "v2\n");
        var second = Run(writes: true, Read, turn: turn);
        var reviewer = Run(writes: false, Read, turn: turn with { HomeName = "reviewer" });

        Assert.Equal(["v1", "token-1", "0"], first.Lines);
        Assert.Equal("v1\n", realAfterFirst);
        Assert.Equal(["v3", "token-2", "0"], second.Lines);
        Assert.Equal(["v2", "token-2", "0"], reviewer.Lines);
        Assert.Equal("token-2\n", File.ReadAllText(Path.Combine(claude, ".credentials.json")));
        Assert.Equal("", File.ReadAllText(Path.Combine(BoxHomes.CopyOf(Homes, "implementer", claude), ".credentials.json")));
    }

    [Fact]
    public void Every_role_queue_job_and_engine_box_has_a_home_of_its_own_under_run_home()
    {
        const string Homes = "/repo/.run/home";
        string[] names =
        [
            .. new[] { "implementer", "reviewer", "auditor", "red_team", "e2e_tester", "triager" }.Select(BoxHomes.ForRole),
            BoxHomes.ForQueueJob("reviewer", writes: false), BoxHomes.ForQueueJob("reviewer", writes: true), BoxHomes.ForQueueJob("implementer", writes: true),
            BoxHomes.Git, BoxHomes.Tests, BoxHomes.Other,
        ];

        var homes = names.Select(n => BoxHomes.HomeOf(Homes, n)).ToList();

        Assert.Equal(homes.Count, homes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(homes, h => Assert.Equal(Homes, Path.GetDirectoryName(h)));
        Assert.Equal("/repo/.run/home/queue-reviewer-reads", BoxHomes.HomeOf(Homes, BoxHomes.ForQueueJob("reviewer", writes: false)));
        Assert.Equal("/repo/.run/home/reviewer.cli/home/u/.claude", BoxHomes.CopyOf(Homes, "reviewer", "/home/u/.claude"));
        Assert.Throws<ArgumentException>(() => BoxHomes.HomeOf(Homes, "../x"));
    }

    private static BoxTurn Turn(string cliFolder, string home) => new([cliFolder], []) { HomeName = home };
}
