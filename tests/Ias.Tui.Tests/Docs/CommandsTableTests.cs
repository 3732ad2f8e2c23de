using System.Text.RegularExpressions;
using Ias.Tui.Tests.Scripts;

namespace Ias.Tui.Tests.Docs;

/// <summary>
/// docs/commands.md has one short row a command, so the table reads at a glance; what a command needs more words for
/// goes to its own section below the table.
/// </summary>
public sealed partial class CommandsTableTests
{
    private const string Document = "docs/commands.md";
    private const int MaxCell = 120;

    [Fact]
    public void Every_cell_of_the_command_table_is_at_most_120_characters()
    {
        var lines = File.ReadAllLines(Path.Combine(SourceTree.Root, Document));

        Assert.True(Rows(lines).Count() > 20, $"{Document} has no table of every command");
        Assert.Empty(TooLong(lines));
    }

    [Fact]
    public void A_long_cell_is_told_with_its_row_and_a_pipe_in_code_splits_no_cell()
    {
        string[] lines = ["| command | what it does |", "| --- | --- |", $"| `ias a [x\\|y]` | {new string('w', 120)} |", $"| `ias b` | {new string('w', 121)} |"];

        Assert.Equal(["`ias a [x\\|y]`", new string('w', 120)], Rows(lines).ElementAt(1).Cells);
        Assert.Equal(
            [$"{Document}:4: `ias b`: a cell of 121 characters, over 120; keep the row short and move the rest to the command's section below the table"],
            TooLong(lines));
    }

    private static IEnumerable<string> TooLong(IReadOnlyList<string> lines) =>
        Rows(lines).SelectMany(row => row.Cells.Where(cell => cell.Length > MaxCell).Select(cell =>
            $"{Document}:{row.Line}: {row.Cells[0]}: a cell of {cell.Length} characters, over {MaxCell}; keep the row short and move the rest to the command's section below the table"));

    /// <summary>Each table row after its header's separator, with its line number and its cells, trimmed.</summary>
    private static IEnumerable<(int Line, string[] Cells)> Rows(IReadOnlyList<string> lines) =>
        lines.Select((text, i) => (Line: i + 1, Text: text.Trim()))
            .Where(l => l.Text.StartsWith('|') && !Separator().IsMatch(l.Text))
            .Select(l => (l.Line, Cell().Split(l.Text.Trim('|')).Select(c => c.Trim()).ToArray()));

    // A cell ends at a pipe that is not escaped: `\|` stands in a command's options for "or".
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex Cell();

    [GeneratedRegex(@"^\|[\s:|-]+\|$")]
    private static partial Regex Separator();
}
