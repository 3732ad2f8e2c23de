using System.Text.RegularExpressions;
using Ias.Tui.Tests.Scripts;

namespace Ias.Tui.Tests.Docs;

/// <summary>
/// The README a newcomer reads in five minutes: at most 150 lines, no path of the authors' machine, its sections in the
/// order a newcomer needs them, a recipe block for each test that runs one, a glossary of the words on the screen, and
/// every relative link, in it and in docs/, leading to a file and a heading that exist.
/// </summary>
public sealed partial class ReadmeTests
{
    private const int MaxLines = 150;

    private static readonly string[] Sections =
        ["Describe the work", "Quick start", "Overnight: the job queue", "Words you will see", "Install", "Documentation", "License"];

    /// <summary>Each word the glossary explains: each reaches the screen, a state file or a command's JSON.</summary>
    private static readonly string[] Words =
    [
        "Run Mode", "sprint", "sprint plan", "cycle", "phase", "finding", "Loa", "`.loa.config.yaml`", "grimoires", "a2a",
        "the box", "ICE", "circuit breaker", "jack in", "JACKED_OUT", "HALTED", "HITL", "READY_FOR_HITL", "queue run", "job",
        "runner", "parked", "decision", "sim",
    ];

    private static readonly string Readme = File.ReadAllText(Path.Combine(SourceTree.Root, "README.md")).ReplaceLineEndings("\n");

    /// <summary>The README and every document under docs/, relative to the repository.</summary>
    public static TheoryData<string> Documents() =>
        [.. Directory.GetFiles(Path.Combine(SourceTree.Root, "docs"), "*.md").Select(f => Path.GetRelativePath(SourceTree.Root, f)).Order(StringComparer.Ordinal).Prepend("README.md")];

    [Fact]
    public void The_readme_is_at_most_150_lines()
    {
        var lines = Readme.TrimEnd('\n').Split('\n').Length;

        Assert.True(lines <= MaxLines, $"README.md has {lines} lines; it holds at most {MaxLines}, and the rest goes to docs/");
    }

    [Fact]
    public void The_readme_names_no_home_folder_but_the_example_one()
    {
        var found = HomePath().Matches(Readme).Select(m => m.Value).Where(p => p != "/home/you/").Distinct(StringComparer.Ordinal);

        Assert.Empty(found);
    }

    [Fact]
    public void The_readme_says_what_ias_is_and_gives_the_two_commands_before_its_first_section()
    {
        var top = Readme[..Readme.IndexOf("\n## ", StringComparison.Ordinal)];
        var paragraphs = top.Split("\n\n").Select(p => p.Trim()).ToList();

        Assert.StartsWith("# ", paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("`ias` runs coding agents", paragraphs[1], StringComparison.Ordinal);
        var commands = ShellBlock().Match(top).Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(" #")[0].Trim());
        Assert.Equal(["dotnet run --project src/Ias.Tui -- demo", "dotnet test"], commands);
    }

    [Fact]
    public void The_readme_sections_come_in_the_order_a_newcomer_needs_them()
    {
        var headings = Heading().Matches(FencedBlock().Replace(Readme, "")).Where(m => m.Value.StartsWith("## ", StringComparison.Ordinal)).Select(m => m.Groups[1].Value);

        Assert.Equal(Sections, headings);
    }

    [Fact]
    public void The_readme_shows_one_sprint_section_of_real_text_and_a_queue_jobs_prompt_where_it_says_how_to_describe_work()
    {
        var section = Section("Describe the work");

        Assert.Contains("`grimoires/loa/sprint.md`", section, StringComparison.Ordinal);
        var sprint = Assert.Single(Regex.Matches(section, @"^## Sprint \d+: .+$", RegexOptions.Multiline));
        Assert.DoesNotContain("<", sprint.Value, StringComparison.Ordinal);
        Assert.Matches(@"ias enqueue --role \w+ --prompt ""[^""<]+""", section);
    }

    [Fact]
    public void The_readme_marks_the_shell_blocks_its_recipe_tests_run()
    {
        var names = Recipe().Matches(Readme).Select(m => m.Groups["name"].Value);

        Assert.Equal(["quick-start", "overnight", "morning"], names);
        Assert.Contains("<!-- test: quick-start -->", Section("Quick start"), StringComparison.Ordinal);
        Assert.Contains("<!-- test: overnight -->", Section("Overnight: the job queue"), StringComparison.Ordinal);
        Assert.Contains("<!-- test: morning -->", Section("Overnight: the job queue"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_glossary_explains_every_word_ias_puts_on_the_screen()
    {
        var glossary = Section("Words you will see");

        Assert.All(Words, word => Assert.Contains($"**{word}**", glossary, StringComparison.Ordinal));
    }

    [Fact]
    public void The_install_section_gives_the_build_from_source_before_the_release_archive()
    {
        var install = Section("Install");

        var source = install.IndexOf("scripts/install.sh", StringComparison.Ordinal);
        var archive = install.IndexOf("release archive", StringComparison.Ordinal);
        Assert.True(source >= 0 && archive > source, "the Install section gives scripts/install.sh first, then the release archive");
        Assert.Contains("(docs/install.md)", install, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_and_a_heading_that_exist(string document)
    {
        var path = Path.Combine(SourceTree.Root, document);
        var text = FencedBlock().Replace(File.ReadAllText(path), "");
        var broken = new List<string>();

        foreach (var link in Link().Matches(text).Select(m => m.Groups[1].Value).Where(l => !Scheme().IsMatch(l)))
        {
            var (file, anchor) = link.Split('#', 2) is [var f, var a] ? (f, a) : (link, "");
            var target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{link}: no such file");
            }
            else if (anchor.Length > 0 && target.EndsWith(".md", StringComparison.Ordinal) && !Anchors(target).Contains(anchor))
            {
                broken.Add($"{link}: no such heading");
            }
        }

        Assert.True(broken.Count == 0, $"{document}: {string.Join("; ", broken)}");
    }

    /// <summary>The text of the README's section <paramref name="heading"/>, up to the next (a `## ` line in a code block is none).</summary>
    private static string Section(string heading)
    {
        var start = Readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README has no section \"{heading}\"");
        var end = Sections.Select(s => Readme.IndexOf($"\n## {s}\n", start + 1, StringComparison.Ordinal)).Where(i => i > start).DefaultIfEmpty(Readme.Length).Min();
        return Readme[start..end];
    }

    /// <summary>The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedBlock().Replace(File.ReadAllText(markdown), "")))
        {
            var slug = NotInSlug().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }

        return anchors;
    }


    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("<!-- test: (?<name>[a-z-]+) -->\n```sh\n", RegexOptions.Singleline)]
    private static partial Regex Recipe();

    [GeneratedRegex(@"(/root/|/home/[^/\s]+/|/Users/[^/\s]+/)")]
    private static partial Regex HomePath();

    [GeneratedRegex("^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("^[a-z]+:", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex("^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\s-]")]
    private static partial Regex NotInSlug();
}
