using System.Text;
using Ias.Core.Snapshots;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>How a turn ended, read back from its job folder for the dashboard: the exit code and stderr's last lines, inert.</summary>
public sealed class TurnEndTests
{
    [Fact]
    public void A_running_turn_has_no_exit_and_a_finished_one_has_its_code_and_stderr()
    {
        using var job = new TempDir();
        Assert.Equal((null, false), (TurnEnd.Read(job.Path, 5).ExitCode, TurnEnd.Read(job.Path, 5).Failed));

        File.WriteAllText(job.Combine("stderr.log"), "one\r\ntwo\n");
        File.WriteAllText(job.Combine("exit_code"), "3\n");
        var end = TurnEnd.Read(job.Path, 5);

        Assert.Equal("3", end.ExitCode);
        Assert.True(end.Failed);
        Assert.Equal(["one", "two"], end.Stderr);
        Assert.False(end.Earlier);
    }

    [Fact]
    public void Stderr_past_the_tail_read_is_cut_at_a_whole_line_and_says_there_was_more()
    {
        using var job = new TempDir();
        var line = new string('x', 1000);
        File.WriteAllLines(job.Combine("stderr.log"), [.. Enumerable.Repeat(line, 200), "the last line"]);

        var end = TurnEnd.Read(job.Path, 1000);

        Assert.True(end.Earlier);
        Assert.Equal("the last line", end.Stderr[^1]);
        Assert.All(end.Stderr.SkipLast(1), l => Assert.Equal(line, l));
        Assert.Equal(TurnEnd.TailBytes / line.Length, end.Stderr.Count - 1);
    }

    [Fact]
    public void Escapes_an_agent_wrote_to_stderr_are_made_inert_and_a_secret_they_split_is_redacted()
    {
        using var job = new TempDir();
        File.WriteAllText(job.Combine("stderr.log"), "boom \u001b]0;pwned\u0007 \u001b[2J token glpat-Zx9Qw8Er\u001b[0m7Ty6Ui5Op4As\n", new UTF8Encoding(false));

        var shown = Assert.Single(TurnEnd.Read(job.Path, 5).Stderr);

        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain('\u0007', shown);
        Assert.DoesNotContain("glpat-Zx9Qw8Er7Ty6Ui5Op4As", shown, StringComparison.Ordinal);
        Assert.StartsWith("boom", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_in_place_of_stderr_log_is_not_followed()
    {
        using var job = new TempDir();
        using var elsewhere = new TempDir();
        File.WriteAllText(elsewhere.Combine("secret.txt"), "the user's private notes\n");
        File.CreateSymbolicLink(job.Combine("stderr.log"), elsewhere.Combine("secret.txt"));
        File.WriteAllText(job.Combine("exit_code"), "1");

        Assert.Empty(TurnEnd.Read(job.Path, 5).Stderr);
    }
}
