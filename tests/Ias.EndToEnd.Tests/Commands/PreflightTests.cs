using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// `ias preflight` through the real binary: one line a check, exit 0 only when all pass; --fix writes the missing scaffold
/// and says so, and leaves remotes and identity to the person with the command to run. A repository without origin is
/// ready for runs that stay local.
/// </summary>
public sealed class PreflightTests : IDisposable
{
    // The box depends on the machine's kernel; it has tests of its own, and these turn it off to stay the same everywhere.
    private const string Config = "agents:\n  default:\n    agent: claude\nias:\n  sandbox:\n    enabled: false\n";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Repo => _dir.Combine("repo");

    [Fact]
    public async Task Fix_writes_the_missing_scaffold_and_once_its_texts_are_written_a_repository_without_origin_is_ready_for_local_runs()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir, "claude");

        var r = await IasProcess.RunAsync(Repo, env, "preflight", "--fix");

        Assert.True(r.Code == 1, r.Out + r.Err);
        Assert.Contains("fixed    write AGENTS.md", r.Out);
        Assert.Contains("fixed    write CLAUDE.md", r.Out);
        Assert.Contains("ok       AGENTS.md has the ias section", r.Out);
        Assert.Contains("missing  docs/ias/project-context.md:5 still holds the starter's placeholder <one sentence>: replace each <…> there (or delete its line)", r.Out);
        Assert.Contains("ok       implementer: claude is installed", r.Out);
        Assert.Contains("ok       git knows who commits (user.name and user.email)", r.Out);
        Assert.Contains("ok       the agent's box is off (ias.sandbox.enabled: false)", r.Out);
        Assert.Contains("ok       no git remote origin: runs stay on this machine (no push, no draft PR); `git remote add origin URL` publishes them", r.Out);
        Assert.EndsWith("not ready: 1 check(s) above say what to do", r.Out.TrimEnd());

        await StarterTexts.FillInAsync(Repo);
        var again = await IasProcess.RunAsync(Repo, env, "preflight");

        Assert.True(again.Code == 0, again.Out + again.Err);
        Assert.DoesNotContain("missing", again.Out, StringComparison.Ordinal);
        Assert.EndsWith("ready: every check passes", again.Out.TrimEnd());
        Assert.Empty(await Shell.GitAsync(Repo, "remote"));
        Assert.False(Directory.Exists(Path.Combine(Repo, ".run")), "pre-flight writes no run state");
    }

    [Fact]
    public async Task With_the_scaffold_an_agent_a_name_and_origin_every_check_passes_and_it_exits_0()
    {
        await FreshAsync();
        var env = VendorPath.Environment(_dir, "claude");
        await IasProcess.RunAsync(Repo, env, "bootstrap", "--yes");
        await StarterTexts.FillInAsync(Repo);
        await Shell.GitAsync(Repo, "remote", "add", "origin", "https://example.invalid/repo.git");

        var r = await IasProcess.RunAsync(Repo, env, "preflight");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.DoesNotContain("missing", r.Out, StringComparison.Ordinal);
        Assert.EndsWith("ready: every check passes", r.Out.TrimEnd());
    }

    [Fact]
    public async Task Without_the_scaffold_or_an_agent_cli_each_line_says_what_to_do_and_nothing_is_written()
    {
        await FreshAsync();

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "preflight");

        Assert.Equal(1, r.Code);
        Assert.Contains("missing  AGENTS.md is missing: run `ias preflight --fix`", r.Out);
        Assert.Contains("missing  implementer: agent CLI claude not found on PATH: install Claude Code", r.Out);
        Assert.False(File.Exists(Path.Combine(Repo, "AGENTS.md")));
    }

    [Fact]
    public async Task Outside_a_git_repository_it_is_one_line()
    {
        Directory.CreateDirectory(Repo);

        var r = await IasProcess.RunAsync(Repo, VendorPath.Environment(_dir), "preflight", "--fix");

        Assert.Equal(2, r.Code);
        Assert.StartsWith($"ias: {Repo} is not in a git repository", r.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Repo));
    }

    [Fact]
    public async Task In_a_subfolder_it_points_at_the_top_and_writes_nothing_there()
    {
        await FreshAsync();
        var sub = Directory.CreateDirectory(Path.Combine(Repo, "src")).FullName;

        var r = await IasProcess.RunAsync(sub, VendorPath.Environment(_dir, "claude"), "preflight", "--fix");

        Assert.Equal(2, r.Code);
        Assert.StartsWith($"ias: {sub} is inside the git repository", r.Err, StringComparison.Ordinal);
        Assert.EndsWith("run `ias preflight` at its top, or pass --repo " + (await Shell.GitAsync(Repo, "rev-parse", "--show-toplevel")).Trim(), r.Err.TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(sub));
    }

    /// <summary>A `git init` whose configuration names claude for every role and turns the box off, committed.</summary>
    private async Task FreshAsync()
    {
        Directory.CreateDirectory(Repo);
        await Shell.GitAsync(Repo, "init", "--quiet");
        await File.WriteAllTextAsync(Path.Combine(Repo, ".loa.config.yaml"), Config);
    }
}
