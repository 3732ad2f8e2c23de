using System.Diagnostics;
using Ias.Core.Scaffold;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Scaffold;

/// <summary>
/// The scaffold in a real repository: how each file stands, writing it never over a person's file, writing it twice
/// changing nothing, and the sentence that points an agent's prompt at the files the repository has.
/// </summary>
public sealed class RepoScaffoldTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Root => _repo.Path;

    [Fact]
    public void In_a_repository_without_it_every_file_is_missing_and_written_once_every_file_is_in_place()
    {
        Assert.All(RepoScaffold.Look(Root, ScaffoldProfile.Hybrid), e => Assert.Equal(ScaffoldState.Missing, e.State));

        foreach (var entry in RepoScaffold.Look(Root, ScaffoldProfile.Hybrid))
        {
            RepoScaffold.Write(Root, entry);
        }

        Assert.All(RepoScaffold.Look(Root, ScaffoldProfile.Hybrid), e => Assert.Equal(ScaffoldState.InPlace, e.State));
        Assert.Equal(ScaffoldTexts.RunProtocol, File.ReadAllText(Path.Combine(Root, "docs", "ias", "process", "run-protocol.md")));
        Assert.Equal(MarkedSection.Block(ScaffoldTexts.Protocol), File.ReadAllText(Path.Combine(Root, "AGENTS.md")));
        Assert.Contains("@AGENTS.md", File.ReadAllText(Path.Combine(Root, "CLAUDE.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_persons_own_file_where_the_scaffold_has_one_is_kept_and_offers_no_change()
    {
        _repo.Write("docs/ias/project-context.md", "# Our context\n");

        var entry = RepoScaffold.Look(Root, ScaffoldProfile.Terminal).Single(e => e.File.Path == "docs/ias/project-context.md");

        Assert.Equal((ScaffoldState.Kept, null), (entry.State, entry.Change));
        Assert.True(entry.Serves);
        Assert.Equal("docs/ias/project-context.md is yours and kept as it is", entry.Describe());
    }

    [Fact]
    public void A_persons_AGENTS_md_gains_the_section_and_an_older_section_is_refreshed_with_their_lines_kept()
    {
        _repo.Write("AGENTS.md", "# House rules\n\nTabs, not spaces.\n");
        var agents = ScaffoldProfile.Terminal.Files[0];

        var first = RepoScaffold.Look(Root, agents);
        RepoScaffold.Write(Root, first);
        File.WriteAllText(Path.Combine(Root, "AGENTS.md"), File.ReadAllText(Path.Combine(Root, "AGENTS.md")).Replace("bounded turns", "long turns", StringComparison.Ordinal) + "## Mine after\n");
        var older = RepoScaffold.Look(Root, agents);
        RepoScaffold.Write(Root, older);

        Assert.Equal((ScaffoldState.NoSection, "add the ias section to AGENTS.md"), (first.State, first.Change));
        Assert.Equal((ScaffoldState.OldSection, "refresh the ias section of AGENTS.md"), (older.State, older.Change));
        Assert.Equal("# House rules\n\nTabs, not spaces.\n\n" + MarkedSection.Block(ScaffoldTexts.Protocol) + "## Mine after\n", File.ReadAllText(Path.Combine(Root, "AGENTS.md")));
        Assert.Equal(ScaffoldState.InPlace, RepoScaffold.Look(Root, agents).State);
    }

    [Fact]
    public void A_linked_AGENTS_md_is_refused_and_nothing_is_written_through_it()
    {
        var elsewhere = Path.Combine(Path.GetDirectoryName(Root)!, $"elsewhere-{Guid.NewGuid():N}.md");
        File.WriteAllText(elsewhere, "not the repository's\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(Root, "AGENTS.md"), elsewhere);

            var entry = RepoScaffold.Look(Root, ScaffoldProfile.Terminal.Files[0]);

            Assert.Equal((ScaffoldState.Refused, null), (entry.State, entry.Change));
            Assert.Contains("symbolic link", entry.Why, StringComparison.Ordinal);
            Assert.Equal("not the repository's\n", File.ReadAllText(elsewhere));
        }
        finally
        {
            File.Delete(elsewhere);
        }
    }

    [Fact]
    public void A_file_that_appears_between_the_look_and_the_write_is_left_as_it_is()
    {
        var entry = RepoScaffold.Look(Root, ScaffoldProfile.Terminal).Single(e => e.File.Path == "docs/ias/context/base-goal.md");
        _repo.Write("docs/ias/context/base-goal.md", "ours\n");

        var refused = Assert.Throws<IOException>(() => RepoScaffold.Write(Root, entry));

        Assert.StartsWith("docs/ias/context/base-goal.md changed while ias looked at it", refused.Message, StringComparison.Ordinal);
        Assert.Equal("ours\n", File.ReadAllText(Path.Combine(Root, "docs", "ias", "context", "base-goal.md")));
    }

    [Fact]
    public void A_repository_without_a_scaffold_gives_a_prompt_no_lead()
    {
        Assert.Equal("", RepoScaffold.PromptLead(Root));
    }

    [Fact]
    public void The_prompt_lead_names_the_scaffold_files_the_repository_has_and_only_those()
    {
        _repo.Write("AGENTS.md", "# Ours\n");
        _repo.Write("CLAUDE.md", "# Ours too\n");
        _repo.Write("docs/ias/process/quality-gates.md", "tests pass\n");

        Assert.Equal(
            "This repository has an ias scaffold for agents: read AGENTS.md, docs/ias/process/ before you start; where they differ from this prompt, this prompt wins.\n\n",
            RepoScaffold.PromptLead(Root));
    }

    /// <summary>
    /// Attack row: an agent plants a FIFO, a link out of the repository and a folder where the scaffold's files go, to
    /// hang the next prompt or have it point at a file of its choosing. The lead names none of them, at once.
    /// </summary>
    [Fact(Timeout = 10_000)]
    public async Task A_fifo_a_link_or_a_folder_an_agent_planted_at_a_scaffold_path_is_not_named_and_blocks_nothing()
    {
        Directory.CreateDirectory(Path.Combine(Root, "docs", "ias", "context", "base-goal.md"));
        File.CreateSymbolicLink(Path.Combine(Root, "AGENTS.md"), "/etc/hostname");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(Root, "CLAUDE.md")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        _repo.Write("docs/ias/project-context.md", "context\n");

        var lead = await Task.Run(() => RepoScaffold.PromptLead(Root));

        Assert.Equal(
            "This repository has an ias scaffold for agents: read docs/ias/project-context.md before you start; where they differ from this prompt, this prompt wins.\n\n",
            lead);
    }
}
