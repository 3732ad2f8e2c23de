using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

/// <summary>ias holds systemd-inhibit while it works, lets it go when it ends, and says one line, never an error, when it cannot.</summary>
public sealed class SleepInhibitorTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(30);

    private readonly TempDir _dir = new();
    private readonly List<string> _notes = [];

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task An_inhibitor_that_fails_at_once_is_one_note_and_nothing_thrown()
    {
        var program = Fake("printf 'Failed to connect to bus: No such file or directory\\n' >&2\nexit 1\n");

        using (var inhibitor = SleepInhibitor.Hold(program, "ias: sprint-1 is working", _notes.Add))
        {
            await inhibitor.Ended.WaitAsync(TestLimit);
        }

        var note = Assert.Single(_notes);
        Assert.Equal("systemd-inhibit exited 1 (Failed to connect to bus: No such file or directory), so the machine may sleep while ias works", note);
    }

    [Fact]
    public void No_inhibitor_on_the_machine_is_one_note_and_nothing_thrown()
    {
        using (SleepInhibitor.Hold(null, "ias: sprint-1 is working", _notes.Add))
        {
        }

        Assert.Contains("no systemd-inhibit found", Assert.Single(_notes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_cannot_start_is_one_note_and_nothing_thrown()
    {
        var program = _dir.Combine("not-executable");
        File.WriteAllText(program, "#!/bin/sh\n");

        using (SleepInhibitor.Hold(program, "ias: sprint-1 is working", _notes.Add))
        {
        }

        Assert.Contains("systemd-inhibit could not start", Assert.Single(_notes), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_asked_for_sleep_naming_why_and_held_until_disposed()
    {
        var record = _dir.Combine("record");
        var program = Fake($"for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{record}'\ncat >/dev/null\necho ended >> '{record}'\n");

        var inhibitor = SleepInhibitor.Hold(program, "ias: sprint-1 is working", _notes.Add);
        // It reads its stdin until ias lets go: nothing can end it before.
        Assert.False(inhibitor.Ended.IsCompleted);
        inhibitor.Dispose();

        Assert.True(inhibitor.Ended.IsCompleted);
        Assert.Equal(["--what=sleep:idle", "--who=ias", "--why=ias: sprint-1 is working", "--mode=block", "cat", "ended"], File.ReadAllLines(record));
        Assert.Empty(_notes);
    }

    [Fact]
    public void A_note_that_cannot_be_written_does_not_stop_the_work()
    {
        using (SleepInhibitor.Hold(null, "ias: sprint-1 is working", _ => throw new IOException("disk full")))
        {
        }
    }

    private string Fake(string body)
    {
        var path = _dir.Combine("systemd-inhibit");
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        IceShim.MakeExecutable(path);
        return path;
    }
}
