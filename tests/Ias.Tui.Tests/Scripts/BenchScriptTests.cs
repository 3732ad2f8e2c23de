using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;

namespace Ias.Tui.Tests.Scripts;

/// <summary>
/// The benchmark scripts on a shared machine: each checks what it needs and says "ready" or, in one line, why it cannot
/// run and what to do (BENCH_CHECK=1 stops them there); and each stops only the processes it started, by their PIDs.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class BenchScriptTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly TempDir _dir = new();
    private readonly DirectoryInfo _tmp = Directory.CreateDirectory(Path.Combine("/tmp", "ias-bench-" + Guid.NewGuid().ToString("N")[..8]));

    public void Dispose()
    {
        _dir.Dispose();
        _tmp.Delete(recursive: true);
    }

    /// <summary>bench/*.sh and scripts/bench.sh, relative to the repository.</summary>
    public static TheoryData<string> Scripts() => [.. AllScripts()];

    /// <summary>The scripts a person runs: all but bench/lib.sh, which they source.</summary>
    public static TheoryData<string> Runnable() => [.. AllScripts().Where(s => s != Path.Combine("bench", "lib.sh"))];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Each_bench_script_parses_and_never_stops_processes_by_name(string script)
    {
        var (code, output) = await RunAsync(SourceTree.Root, null, "bash", "-n", script);

        Assert.True(code == 0, $"bash -n {script}: {output}");
        Assert.DoesNotMatch(ByName(), await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, script)));
    }

    [Theory]
    [MemberData(nameof(Runnable))]
    public async Task Each_bench_script_checked_says_ready_or_in_one_line_why_it_cannot_run(string script)
    {
        // An ias for the parts that measure one: this build's, outside /tmp as the box needs; the whole bench builds its own.
        string[] args = script == Path.Combine("scripts", "bench.sh") ? [] : [Path.Combine(AppContext.BaseDirectory, "ias")];

        var (code, output) = await RunAsync(SourceTree.Root, new() { ["BENCH_CHECK"] = "1" }, "bash", [script, .. args]);

        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var name = script == Path.Combine("scripts", "bench.sh") ? "bench" : "bench " + Path.GetFileNameWithoutExtension(script);
        Assert.True(
            (code, line) == (0, $"{name}: ready") || (code == 1 && line.StartsWith($"{name}: cannot run: ", StringComparison.Ordinal)),
            $"{script}: exit {code}: {output}");
    }

    [Fact]
    public async Task From_a_checkout_under_tmp_a_bench_script_says_in_one_line_that_the_box_hides_it()
    {
        var checkout = Checkout();

        var (code, output) = await RunAsync(checkout, new() { ["BENCH_CHECK"] = "1" }, "bash", "bench/ingest.sh");

        Assert.Equal(1, code);
        Assert.Equal(
            $"bench ingest: cannot run: {checkout}/bench/out is under /tmp, which the agent's box hides (it mounts an empty /tmp); run from a checkout outside /tmp, or set IAS_SANDBOX_SHARE={checkout}/bench",
            output.TrimEnd('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(checkout, "bench", "out")));
    }

    [Fact]
    public async Task A_missing_tool_is_named_in_one_line_with_how_to_install_it()
    {
        // A PATH with what the script's own lines use, and no git.
        var bin = _dir.Combine("bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in (string[])["bash", "dirname", "basename", "mktemp", "mkdir", "rm", "realpath"])
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Which(tool));
        }

        var (code, output) = await RunAsync(SourceTree.Root, new() { ["BENCH_CHECK"] = "1", ["PATH"] = bin }, Path.Combine(bin, "bash"), "bench/workspace.sh");

        Assert.Equal((1, "bench workspace: cannot run: needs git, which is not on PATH; install it (apt-get install git)\n"), (code, output));
    }

    [Fact]
    public async Task The_cleanup_stops_the_process_groups_the_script_started_and_leaves_other_processes_alone()
    {
        var work = _dir.Combine("out-tmp");
        Directory.CreateDirectory(work);

        // Someone else's process whose command line names the benchmark's folder, as `pkill -f` would have matched it.
        using var other = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 1000; :", work]))!;
        try
        {
            var pid = _dir.Combine("started.pid");
            var script = $"bench_tmp={work}; source bench/lib.sh; bench_bg sh -c 'sleep 1000 & wait'; echo \"${{bench_pids[0]}}\" >{pid}; bench_cleanup";

            var (code, output) = await RunAsync(SourceTree.Root, null, "bash", "-c", script);

            Assert.Equal((0, ""), (code, output));
            var started = int.Parse(File.ReadAllText(pid).Trim(), CultureInfo.InvariantCulture);
            Assert.False(Running(started), $"the group the script started ({started}) is still running");
            Assert.Empty(GroupMembers(started));
            Assert.False(other.HasExited, "the cleanup stopped a process the script did not start");
            Assert.False(Directory.Exists(work));
        }
        finally
        {
            other.Kill(entireProcessTree: true);
        }
    }

    private static IEnumerable<string> AllScripts() =>
        Directory.GetFiles(Path.Combine(SourceTree.Root, "bench"), "*.sh")
            .Append(Path.Combine(SourceTree.Root, "scripts", "bench.sh"))
            .Select(s => Path.GetRelativePath(SourceTree.Root, s))
            .Order(StringComparer.Ordinal);

    /// <summary>A copy of the bench scripts in a checkout under /tmp itself (whatever TMPDIR says), where the agent's box cannot see.</summary>
    private string Checkout()
    {
        var checkout = Path.Combine(_tmp.FullName, "checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "bench"));
        foreach (var script in Directory.GetFiles(Path.Combine(SourceTree.Root, "bench"), "*.sh"))
        {
            File.Copy(script, Path.Combine(checkout, "bench", Path.GetFileName(script)));
        }

        return checkout;
    }

    private static bool Running(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] != 'Z';

    /// <summary>The live processes whose process group is <paramref name="group"/>.</summary>
    private static List<int> GroupMembers(int group) =>
        [.. Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n!.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid => Stat(pid) is [var state, _, var pgrp, ..] && state != "Z" && pgrp == group.ToString(CultureInfo.InvariantCulture))];

    // The fields after the command's name: state, ppid, pgrp, …; null when the process is gone.
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).First(File.Exists);

    private static Task<(int Code, string Output)> RunAsync(string cwd, Dictionary<string, string>? env, string program, params string[] args) =>
        RunAsync(cwd, env, input: null, program, args);

    /// <summary>Runs a program to its end → its exit code and its stdout then stderr; <paramref name="input"/> is its stdin.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string cwd, Dictionary<string, string>? env, string? input, string program, string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = cwd, RedirectStandardInput = input != null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env ?? [])
        {
            psi.Environment[key] = value;
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (input != null)
        {
            await p.StandardInput.WriteAsync(input);
            p.StandardInput.Close();
        }

        await p.WaitForExitAsync().WaitAsync(Limit);
        return (p.ExitCode, await output + await error);
    }


    [GeneratedRegex(@"\b(pkill|killall)\b")]
    private static partial Regex ByName();
}
