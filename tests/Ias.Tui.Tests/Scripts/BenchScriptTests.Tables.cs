namespace Ias.Tui.Tests.Scripts;

/// <summary>
/// The benchmark tables in the document: scripts/bench-write.sh puts one part's table between its markers and keeps every
/// other byte; scripts/bench-summary.sh counts the targets met for the summary atop the document; scripts/bench-stale.sh
/// names, in one line, the tables measured before the last change to what they measure. Both read past the summary.
/// </summary>
public sealed partial class BenchScriptTests
{
    private const string Doc = """
        # Benchmarks

        <!-- bench:summary begin -->
        Targets met as last measured (written by `scripts/bench.sh` from the tables below): startup 0 of 9 met on 0000000.
        <!-- bench:summary end -->

        Prose before the tables, by hand: ≤ 20 ms, “quotes”, `code`.

        <!-- bench:startup begin -->
        Measured 2026-11-24 on commit fe431be; the old start-up table.

        | figure | ias |
        | --- | --- |
        | `ias --version` | 8 ms |
        <!-- bench:startup end -->

        Prose between the tables, which explains them.

        <!-- bench:report begin -->
        Measured 2026-11-26 on commit 765421f; the old report table.
        <!-- bench:report end -->

        Prose after the tables.

        """;

    [Fact]
    public async Task Writing_one_part_replaces_only_its_table_and_keeps_the_prose_and_the_other_tables_byte_for_byte()
    {
        var doc = _dir.Combine("benchmarks.md");
        await File.WriteAllTextAsync(doc, Doc);
        File.SetUnixFileMode(doc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var inode = await InodeAsync(doc);
        const string table = "Measured 2026-11-27T10:00Z on commit 1234abc+dirty; the new one.\n\n| figure | ias |\n| --- | --- |\n| `ias --version` | 7 ms |\n\n";

        var (code, output) = await RunAsync(_dir.Path, null, table, "bash", [Path.Combine(SourceTree.Root, "scripts", "bench-write.sh"), doc, "startup"]);

        Assert.Equal((0, ""), (code, output));
        var old = Doc[Doc.IndexOf("Measured 2026-11-24", StringComparison.Ordinal)..Doc.IndexOf("<!-- bench:startup end -->", StringComparison.Ordinal)];
        Assert.Equal(Doc.Replace(old, table, StringComparison.Ordinal), await File.ReadAllTextAsync(doc));
        Assert.Equal(["benchmarks.md"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
        // A new file renamed over the old one (a reader sees one or the other whole), with the old one's permissions.
        Assert.NotEqual(inode, await InodeAsync(doc));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(doc));
    }

    [Theory]
    [InlineData("queue", "has no markers")]
    [InlineData("startup", "has no end marker after its begin marker", "<!-- bench:startup end -->\n", "")]
    [InlineData("startup", "needs one begin and one end marker (found 2 and 2)", "Prose after the tables.\n", "Prose after the tables.\n<!-- bench:startup begin -->\n<!-- bench:startup end -->\n")]
    [InlineData("report", "has its end marker before its begin marker", "<!-- bench:report begin -->\nMeasured 2026-11-26 on commit 765421f; the old report table.\n<!-- bench:report end -->", "<!-- bench:report end -->\n<!-- bench:report begin -->")]
    public async Task A_part_without_one_pair_of_markers_in_order_is_one_line_and_the_document_is_left_alone(
        string part, string why, string find = "", string replace = "")
    {
        var doc = _dir.Combine("benchmarks.md");
        var text = find == "" ? Doc : Doc.Replace(find, replace, StringComparison.Ordinal);
        await File.WriteAllTextAsync(doc, text);

        var (code, output) = await RunAsync(_dir.Path, null, "| new | table |\n", "bash", [Path.Combine(SourceTree.Root, "scripts", "bench-write.sh"), doc, part]);

        Assert.Equal(1, code);
        Assert.Equal(
            $"bench-write: the {part} table in {doc} {why}; it goes between a line \"<!-- bench:{part} begin -->\" and a line \"<!-- bench:{part} end -->\"\n",
            output);
        Assert.Equal(text, await File.ReadAllTextAsync(doc));
        Assert.Equal(["benchmarks.md"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_bench_checked_with_a_document_without_a_parts_markers_says_so_in_one_line_before_building_anything()
    {
        var doc = _dir.Combine("benchmarks.md");
        await File.WriteAllTextAsync(doc, Doc);

        var (code, output) = await RunAsync(SourceTree.Root, new() { ["BENCH_CHECK"] = "1", ["BENCH_DOC"] = doc }, "bash", "scripts/bench.sh", "startup", "box");

        Assert.Equal(
            (1, $"bench: cannot run: {doc} has no markers for the box table; add a line \"<!-- bench:box begin -->\" and one \"<!-- bench:box end -->\" where it goes, or set BENCH_WRITE=0\n"),
            (code, output));
    }

    [Fact]
    public async Task Every_part_of_the_bench_has_its_table_between_markers_in_the_benchmarks_document_with_the_commit_it_was_measured_on()
    {
        var doc = await File.ReadAllLinesAsync(Path.Combine(SourceTree.Root, "docs", "benchmarks.md"));

        foreach (var part in (string[])["startup", "terminal", "ingest", "overhead", "box", "workspace", "queue", "report"])
        {
            var begin = Array.IndexOf(doc, $"<!-- bench:{part} begin -->");
            Assert.True(begin >= 0 && begin < Array.IndexOf(doc, $"<!-- bench:{part} end -->"), $"the {part} table has no markers");
            Assert.Matches(@"^Measured \d{4}-\d\d-\d\d\S* on commit [0-9a-f]{7,40}(\+dirty)?[ ;]", doc[begin + 1]);
        }
    }

    [Fact]
    public async Task A_table_measured_before_the_last_change_to_what_it_measures_is_named_in_one_line_with_that_change()
    {
        var repo = await RepositoryAsync();
        var measured = await GitAsync(repo, "rev-parse", "--short", "HEAD");
        await File.WriteAllTextAsync(Path.Combine(repo, "docs", "benchmarks.md"), Doc.Replace("fe431be", measured, StringComparison.Ordinal).Replace("765421f", measured, StringComparison.Ordinal));
        await File.AppendAllTextAsync(Path.Combine(repo, "bench", "report.sh"), "# faster\n");
        await File.AppendAllTextAsync(Path.Combine(repo, "README.md"), "not measured by any part\n");
        await GitAsync(repo, "commit", "-qam", "report: faster");
        var changed = await GitAsync(repo, "rev-parse", "--short", "HEAD");

        var (code, output) = await RunAsync(repo, null, "bash", "scripts/bench-stale.sh");

        Assert.Equal(
            (0, $"bench: the report table was measured on {measured}, older than {changed} which changed bench/report.sh since; run scripts/bench.sh report on a quiet machine\n"),
            (code, output));
    }

    [Fact]
    public async Task Tables_measured_since_the_last_change_to_what_they_measure_make_no_warning()
    {
        var repo = await RepositoryAsync();
        await File.AppendAllTextAsync(Path.Combine(repo, "README.md"), "not measured by any part\n");
        await GitAsync(repo, "commit", "-qam", "prose");
        var head = await GitAsync(repo, "rev-parse", "--short", "HEAD");
        await File.WriteAllTextAsync(Path.Combine(repo, "docs", "benchmarks.md"), Doc.Replace("fe431be", head, StringComparison.Ordinal).Replace("765421f", head + "+dirty", StringComparison.Ordinal));

        var (code, output) = await RunAsync(repo, null, "bash", "scripts/bench-stale.sh");

        Assert.Equal((0, ""), (code, output));
    }

    [Fact]
    public async Task Several_stale_tables_and_one_on_a_commit_not_in_the_clone_make_one_line()
    {
        var repo = await RepositoryAsync();
        await File.WriteAllTextAsync(Path.Combine(repo, "docs", "benchmarks.md"), Doc);
        var first = await GitAsync(repo, "rev-parse", "--short", "HEAD");
        await File.AppendAllTextAsync(Path.Combine(repo, "src", "Engine.cs"), "// faster\n");
        await GitAsync(repo, "commit", "-qam", "engine: faster");

        var (code, output) = await RunAsync(repo, null, "bash", "scripts/bench-stale.sh");

        Assert.Equal(0, code);
        Assert.Equal(
            "bench: 2 tables are older than the code they measure: startup (fe431be, not in this clone); report (765421f, not in this clone); run scripts/bench.sh startup report on a quiet machine\n",
            output);
        await File.WriteAllTextAsync(Path.Combine(repo, "docs", "benchmarks.md"), Doc.Replace("fe431be", first, StringComparison.Ordinal));
        var (_, again) = await RunAsync(repo, null, "bash", "scripts/bench-stale.sh");
        Assert.StartsWith($"bench: 2 tables are older than the code they measure: startup on {first} (src/ changed since, last in ", again, StringComparison.Ordinal);
        Assert.Single(again.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_summary_counts_per_table_the_targets_met_and_a_row_with_any_miss_as_missed()
    {
        var (code, output) = await SummaryWithStartupRows(
            "| `ias --version` | 8 ms | ≤ 20 ms | met |\n| peak RSS; first frame | 29 MB; 130 ms | ≤ 60 MB; ≤ 100 ms | met; missed by 30 % |\n| no target | 1 ms | | |\n| batched | 2,953 jobs/s | ≥ 5,000 | met in two runs of three; missed by 41 % in this one |\n");

        Assert.Equal(
            (0, "Targets met as last measured (written by `scripts/bench.sh` from the tables below): startup 1 of 3 met on fe431be, report (no verdict in its table) on 765421f.\n"),
            (code, output));
    }

    [Fact]
    public async Task The_summary_leaves_out_the_table_of_the_previous_build_measured_beside_ias_and_counts_the_tables_after_it()
    {
        var (code, output) = await SummaryWithStartupRows(
            "| `ias --version` | 8 ms | ≤ 20 ms | met |\n\nThe previous build:\n\n| figure | ias | target | verdict |\n| --- | --- | --- | --- |\n| `ias --version` | 48 ms | ≤ 20 ms | missed by 2.4× |\n\nLoad average at the end: 1.00.\n\n| figure | ias | target | verdict |\n| --- | --- | --- | --- |\n| native build | 13 ms | ≤ 20 ms | met |\n");

        Assert.Equal(
            (0, "Targets met as last measured (written by `scripts/bench.sh` from the tables below): startup 2 of 2 met on fe431be, report (no verdict in its table) on 765421f.\n"),
            (code, output));
    }

    /// <summary>scripts/bench-summary.sh on the sample document with its start-up table's row replaced by <paramref name="rows"/>.</summary>
    private async Task<(int Code, string Output)> SummaryWithStartupRows(string rows)
    {
        var doc = _dir.Combine("benchmarks.md");
        await File.WriteAllTextAsync(doc, Doc.Replace("| `ias --version` | 8 ms |\n", rows, StringComparison.Ordinal));
        return await RunAsync(_dir.Path, null, "bash", Path.Combine(SourceTree.Root, "scripts", "bench-summary.sh"), doc);
    }

    [Fact]
    public async Task The_summary_atop_the_benchmarks_document_is_the_one_its_tables_make()
    {
        var (_, summary) = await RunAsync(SourceTree.Root, null, "bash", "scripts/bench-summary.sh");
        var doc = await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, "docs", "benchmarks.md"));

        var block = doc.IndexOf($"<!-- bench:summary begin -->\n{summary}<!-- bench:summary end -->\n", StringComparison.Ordinal);
        Assert.True(block >= 0, $"docs/benchmarks.md's summary is not the one its tables make:\n{summary}");
        Assert.True(block < doc.IndexOf("<!-- bench:startup begin -->", StringComparison.Ordinal), "the summary comes after the tables");
    }

    [Fact]
    public async Task The_bench_checked_with_a_summary_without_its_end_marker_says_so_in_one_line_before_building_anything()
    {
        var doc = _dir.Combine("benchmarks.md");
        await File.WriteAllTextAsync(doc, Doc.Replace("<!-- bench:summary end -->\n", "", StringComparison.Ordinal));

        var (code, output) = await RunAsync(SourceTree.Root, new() { ["BENCH_CHECK"] = "1", ["BENCH_DOC"] = doc }, "bash", "scripts/bench.sh", "startup");

        Assert.Equal(
            (1, $"bench: cannot run: {doc} has no markers for the benchmarks' summary; add a line \"<!-- bench:summary begin -->\" and one \"<!-- bench:summary end -->\" where it goes, or set BENCH_WRITE=0\n"),
            (code, output));
    }

    [Fact]
    public async Task Ci_prints_the_stale_tables_line_as_a_warning_before_its_last_line()
    {
        var ci = await File.ReadAllLinesAsync(Path.Combine(SourceTree.Root, ".ci", "run"));

        var stale = Array.FindIndex(ci, l => l.StartsWith("scripts/bench-stale.sh", StringComparison.Ordinal));
        Assert.True(stale >= 0, ".ci/run does not run scripts/bench-stale.sh");
        Assert.EndsWith("|| true", ci[stale], StringComparison.Ordinal);
        Assert.True(stale < Array.FindLastIndex(ci, l => l == "echo \"$line\""), "the warning comes after the counts, which must stay the last line");
    }

    /// <summary>A repository with the stale check, one source file and the part scripts it measures, committed.</summary>
    private async Task<string> RepositoryAsync()
    {
        var repo = _dir.Combine("repo");
        foreach (var dir in (string[])["scripts", "src", "bench", "docs"])
        {
            Directory.CreateDirectory(Path.Combine(repo, dir));
        }

        File.Copy(Path.Combine(SourceTree.Root, "scripts", "bench-stale.sh"), Path.Combine(repo, "scripts", "bench-stale.sh"));
        await File.WriteAllTextAsync(Path.Combine(repo, "src", "Engine.cs"), "// the engine\n");
        foreach (var script in (string[])["lib.sh", "startup.sh", "aot-startup.sh", "report.sh"])
        {
            await File.WriteAllTextAsync(Path.Combine(repo, "bench", script), "# " + script + "\n");
        }

        await File.WriteAllTextAsync(Path.Combine(repo, "README.md"), "# ias\n");
        await GitAsync(repo, "init", "-q", "-b", "main");
        await GitAsync(repo, "add", "-A");
        await GitAsync(repo, "commit", "-qm", "start");
        return repo;
    }

    private static async Task<string> InodeAsync(string path) => (await RunAsync(Path.GetDirectoryName(path)!, null, "stat", "-c", "%i", path)).Output.Trim();

    private static async Task<string> GitAsync(string repo, params string[] args)
    {
        var (code, output) = await RunAsync(repo, null, "git", ["-c", "user.name=bench", "-c", "user.email=bench@ias.invalid", .. args]);
        Assert.True(code == 0, $"git {string.Join(' ', args)}: {output}");
        return output.Trim();
    }
}
