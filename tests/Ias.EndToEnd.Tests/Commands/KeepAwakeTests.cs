using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// An engine and a queue's runner hold systemd-inhibit while they work and let it go when they end; where it fails, as it
/// does without logind, the run says nothing about it and the engine's log has one line.
/// </summary>
public sealed class KeepAwakeTests : IDisposable
{
    private readonly TempDir _bin = new();

    public void Dispose() => _bin.Dispose();

    private string Record => _bin.Combine("record");

    /// <summary>PATH with the fake systemd-inhibit first; the harness vouches for its folder as it does for a fake gh.</summary>
    private Dictionary<string, string> Env => new() { ["PATH"] = $"{_bin.Path}:{Environment.GetEnvironmentVariable("PATH")}" };

    [Fact]
    public async Task A_sprint_run_holds_the_inhibitor_naming_the_sprint_until_it_has_ended()
    {
        using var repo = new TestRepo();
        // At the end it looks whether the run had finished by the time ias let go of it.
        FakeHolding($"grep -qs JACKED_OUT '{repo.File(".run", "state.json")}'", "JACKED_OUT");

        var run = await repo.IasAsync(Env, "run", "sprint-1", "--headless", "--local");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        var record = await File.ReadAllLinesAsync(Record);
        Assert.Contains("arg --what=sleep:idle", record);
        Assert.Contains($"arg --why=ias: sprint-1 is working in {repo.Path}", record);
        Assert.Equal("ended after JACKED_OUT", record[^1]);
        Assert.False(Until.Alive(Pid(record)), "the inhibitor is gone once the run has ended");
        Assert.DoesNotContain("systemd-inhibit", run.Out + run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runner_holds_the_inhibitor_while_it_works_a_job_and_lets_it_go_when_it_stops()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        // The job's commit is the work: the run's branch is made while the inhibitor is held.
        FakeHolding($"git -C '{repo.Path}' rev-parse --verify --quiet {repo.Branch} >/dev/null", "the job");

        var run = await repo.IasAsync(Env, "run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        Assert.Contains("job 0001-implementer done", run.Out, StringComparison.Ordinal);
        var record = await File.ReadAllLinesAsync(Record);
        Assert.Contains("arg --what=sleep:idle", record);
        Assert.Contains($"arg --why=ias: the runner of night is working in {repo.Path}", record);
        Assert.Equal("ended after the job", record[^1]);
        Assert.False(Until.Alive(Pid(record)), "the inhibitor is gone once the runner has stopped");
    }

    [Fact]
    public async Task Where_the_inhibitor_fails_the_run_says_nothing_and_the_engine_log_has_one_line()
    {
        using var repo = new TestRepo();
        Fake("echo 'Failed to connect to bus: No such file or directory' >&2\nexit 1\n");

        var run = await repo.IasAsync(Env, "run", "sprint-1", "--headless", "--local");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        Assert.DoesNotContain("systemd-inhibit", run.Out + run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("sleep", run.Out + run.Err, StringComparison.OrdinalIgnoreCase);
        var log = await File.ReadAllLinesAsync(repo.File(".run", "engine.log"));
        Assert.Equal(
            ["ias: systemd-inhibit exited 1 (Failed to connect to bus: No such file or directory), so the machine may sleep while ias works"],
            log);
    }

    /// <summary>
    /// A systemd-inhibit that records its pid and arguments and holds until its stdin closes, then says whether the work had
    /// <paramref name="finished"/> by then, as the shell test <paramref name="check"/> finds.
    /// </summary>
    private void FakeHolding(string check, string finished) => Fake($$"""
        { echo "pid $$"; for a in "$@"; do printf 'arg %s\n' "$a"; done; } >> '{{Record}}'
        cat >/dev/null
        if {{check}}; then echo 'ended after {{finished}}'; else echo 'ended before the end'; fi >> '{{Record}}'

        """);

    private void Fake(string body)
    {
        var path = _bin.Combine("systemd-inhibit");
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        IceShim.MakeExecutable(path);
    }

    private static int Pid(string[] record) => int.Parse(record.First(l => l.StartsWith("pid ", StringComparison.Ordinal))[4..], System.Globalization.CultureInfo.InvariantCulture);
}
