using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

/// <summary>What a tool's output keeps when the caller keeps only its first bytes: the rest is read to its end and counted, never held, and the text says it was cut.</summary>
public sealed class BoundedCaptureTests : IDisposable
{
    private const int Keep = 64 * 1024;
    private static readonly Dictionary<string, string> NoEnvironment = [];

    // Generous: on 2 busy cores, pushing 400 MB through a pipe takes seconds; only a child blocked on a full pipe reaches it.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_tool_printing_400_MB_runs_to_its_end_and_only_the_first_bytes_are_kept_with_the_cut_said()
    {
        var r = Sh("head -c 400000000 /dev/zero | tr '\\0' x; echo done >&2", Keep);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(new string('x', Keep) + "\n… (cut: 381 MB more)\n", r.Stdout);
        Assert.Equal("done\n", r.Stderr);
        Assert.Equal("… (cut: 381 MB more)", r.Cut);
    }

    [Fact]
    public void Output_within_the_limit_is_kept_whole_and_no_cut_is_said()
    {
        var r = Sh("printf 'one\\ntwo\\n'; echo err >&2", Keep);

        Assert.Equal(new CliResult(0, "one\ntwo\n", "err\n"), r);
        Assert.Null(r.Cut);
    }

    [Fact]
    public void Each_stream_keeps_its_own_limit_and_either_one_cut_is_said()
    {
        var r = Sh("echo short; head -c 5000 /dev/zero | tr '\\0' e >&2", 1000);

        Assert.Equal("short\n", r.Stdout);
        Assert.Equal(new string('e', 1000) + "\n… (cut: 3 KB more)\n", r.Stderr);
        Assert.Equal("… (cut: 3 KB more)", r.Cut);
    }

    [Fact]
    public void A_cut_inside_a_character_leaves_the_half_character_out()
    {
        // "aé€": a, then é in two bytes, then € in three; the limit falls after the first byte of €.
        var r = Sh("printf 'a\\303\\251\\342\\202\\254'", 4);

        Assert.Equal("aé\n… (cut: 2 bytes more)\n", r.Stdout);
    }

    [Fact]
    public void Without_a_limit_everything_is_kept()
    {
        var r = Sh("head -c 300000 /dev/zero | tr '\\0' y", keep: null);

        Assert.Equal(new string('y', 300_000), r.Stdout);
        Assert.Null(r.Cut);
    }

    [Theory]
    [InlineData(1, "1 byte")]
    [InlineData(1023, "1023 bytes")]
    [InlineData(1024, "1 KB")]
    [InlineData(5 * 1024 * 1024 + 1, "5 MB")]
    [InlineData(316L * 1024 * 1024 + 999, "316 MB")]
    [InlineData(3L * 1024 * 1024 * 1024 + 512L * 1024 * 1024, "3.5 GB")]
    public void Sizes_read_as_a_person_says_them(long bytes, string said)
    {
        Assert.Equal(said, BoundedCapture.Size(bytes));
    }

    private CliResult Sh(string script, int? keep) => CliProcess.Run("/bin/sh", _dir.Path, ["-c", script], NoEnvironment, Limit, "sh", keep: keep);
}
