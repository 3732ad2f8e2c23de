using Ias.Core.Tests.Support;

namespace Ias.Tui.Tests.Scripts;

/// <summary>scripts/slowest-tests.sh, which .ci/run ends with: each test class's time from the trx files, slowest first.</summary>
public sealed class SlowestTestsScriptTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_class_sums_its_tests_across_the_trx_files_slowest_first_and_at_most_the_count_asked()
    {
        Trx("core.trx", ("Ias.Core.Tests.Jobs.QueueTests.A_job_runs", "00:00:02.5000000"), ("Ias.Core.Tests.Jobs.QueueTests.Another(n: 3)", "00:00:01.0000000"));
        Trx("e2e.trx", ("Ias.EndToEnd.Tests.Commands.DemoTests.The_demo_ends_done", "00:01:10.2000000"), ("Ias.Tui.Tests.Views.HeaderTests.Says_done", "00:00:00.0400000"));

        var (code, output) = await RunAsync(_dir.Path, "2");

        Assert.Equal(0, code);
        Assert.Equal(["    70.2 s  Ias.EndToEnd.Tests.Commands.DemoTests", "     3.5 s  Ias.Core.Tests.Jobs.QueueTests"], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_folder_without_trx_files_is_one_line_and_exit_1()
    {
        var (code, output) = await RunAsync(_dir.Path);

        Assert.Equal(1, code);
        Assert.Equal($"slowest-tests: no trx file in {_dir.Path}\n", output);
    }

    private void Trx(string name, params (string Test, string Duration)[] results) =>
        File.WriteAllLines(_dir.Combine(name), results.Select(r => $"""    <UnitTestResult executionId="x" testName="{r.Test}" computerName="vm" duration="{r.Duration}" outcome="Passed" />"""));

    private Task<(int Code, string Output)> RunAsync(params string[] args) => SourceTree.ScriptAsync(_dir.Path, "slowest-tests.sh", args);
}
