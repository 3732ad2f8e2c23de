using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>Files the engine reads back from places the agent can reach, follow-ups, and other users of the machine.</summary>
    private static Attack[] FileRows =>
    [
        // The turn's ICE log, which the engine gathers from the scratch folder into .run/ice.log.
        new("a link at the ICE log to the home's SSH key", Implementer(dir => $"ln -sf '{HomeKey(dir)}' \"$IAS_ICE_LOG\""), Outcome.Refused, "is a symbolic link")
        {
            Check = KeyStayedHome,
        },
        new("a FIFO at the ICE log", Implementer(_ => "rm -f \"$IAS_ICE_LOG\"; mkfifo \"$IAS_ICE_LOG\""), Outcome.Refused, "not a regular file (a FIFO"),
        new("a hard link at the ICE log", Implementer(_ => "echo '{\"argv\":[\"x\"],\"reason\":\"planted\"}' > \"$IAS_ICE_LOG.src\"; ln -f \"$IAS_ICE_LOG.src\" \"$IAS_ICE_LOG\""), Outcome.Refused, "hard links"),
        new("a folder at the ICE log", Implementer(_ => "rm -f \"$IAS_ICE_LOG\"; mkdir -p \"$IAS_ICE_LOG\""), Outcome.Refused, "not a regular file"),

        // The question file `ias ask` leaves in the scratch folder.
        new("a FIFO at the question file", Implementer(_ => "mkfifo \"$IAS_ASK_FILE\""), Outcome.Refused, "not a regular file (a FIFO"),
        new("a link at the question file to the home's SSH key", Implementer(dir => $"ln -sf '{HomeKey(dir)}' \"$IAS_ASK_FILE\""), Outcome.Refused, "is a symbolic link")
        {
            Check = KeyStayedHome,
        },
        new("a 200 MB question", Implementer(_ => "printf '{\"question\": \"' > \"$IAS_ASK_FILE\"; truncate -s 200M \"$IAS_ASK_FILE\""), Outcome.Refused, "more than the 65536")
        {
            // Refused by its size before a byte of it is read, and neither asked nor committed.
            Check = async (repo, _) =>
            {
                Assert.False(Directory.Exists(repo.File("docs", "ias", "decisions")));
                Assert.DoesNotContain("docs/ias/decisions", await Shell.GitAsync(repo.Path, "log", "--all", "--name-only", "--format="), StringComparison.Ordinal);
            },
        },

        // ias's own writes into the work tree, through a folder the agent linked away.
        new("a linked a2a folder to the home's .ssh", Implementer(dir => $"mkdir -p grimoires/loa/a2a; rm -rf grimoires/loa/a2a/sprint-1; ln -sfn '{Path.Combine(dir, "home", ".ssh")}' grimoires/loa/a2a/sprint-1"), Outcome.Refused, "a link to")
        {
            // In the box the patch check refuses the link before it reaches the checkout (the unboxed row below shows the
            // engine's own write refusing it); either way nothing is written into the home's .ssh.
            Check = (_, home) =>
            {
                Assert.Equal(["id_ed25519"], Directory.EnumerateFileSystemEntries(Path.Combine(home, ".ssh")).Select(Path.GetFileName));
                return Task.CompletedTask;
            },
        },
        new("unsandboxed: a linked a2a folder to the home's .ssh", Implementer(dir => $"mkdir -p grimoires/loa/a2a; rm -rf grimoires/loa/a2a/sprint-1; ln -sfn '{Path.Combine(dir, "home", ".ssh")}' grimoires/loa/a2a/sprint-1"), Outcome.Refused, "grimoires/loa/a2a/sprint-1 is a symbolic link")
        {
            Unboxed = true,
            Check = (_, home) =>
            {
                Assert.Equal(["id_ed25519"], Directory.EnumerateFileSystemEntries(Path.Combine(home, ".ssh")).Select(Path.GetFileName));
                return Task.CompletedTask;
            },
        },
        new("a file in the a2a folder's place", Implementer(_ => "mkdir -p grimoires/loa/a2a; rm -rf grimoires/loa/a2a/sprint-1; echo mine > grimoires/loa/a2a/sprint-1"), Outcome.Refused, "grimoires/loa/a2a/sprint-1 is a file where ias keeps a folder"),
    ];

    private static string HomeKey(string dir) => Path.Combine(dir, "home", ".ssh", "id_ed25519");

    /// <summary>The implementer is the script, given the folder the test's repository lies in (its fake home is there too).</summary>
    private static Func<string, string> Implementer(Func<string, string> attack) => dir => Implementer(attack(dir))(dir);

    /// <summary>The key's marker is nowhere ias keeps or publishes anything: not in .run/ (ias.db included), not in any commit.</summary>
    private static async Task KeyStayedHome(TestRepo repo, string home)
    {
        Assert.DoesNotContain(SecretMarker, AllText(repo.File(".run")), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretMarker, await Shell.GitAsync(repo.Path, "log", "--all", "-p"), StringComparison.Ordinal);
        Assert.Contains(SecretMarker, await File.ReadAllTextAsync(Path.Combine(home, ".ssh", "id_ed25519")), StringComparison.Ordinal);
    }

    /// <summary>
    /// A read-only queue job whose agent asks for every follow-up it can think of, every time it runs: writing jobs, a FIFO,
    /// a link to another file, a name with a newline, and (the second job) 1,500 files. Only read-only jobs are queued, at most the run's cap,
    /// each refusal is one line, and the runner ends.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task Follow_ups_never_exceed_their_job_nor_the_runs_cap()
    {
        using var scripts = new Ias.Core.Tests.Support.TempDir();
        using var repo = await QueueRepo.CreateAsync(agentsYaml: $"  default: {{ agent: custom, command: {QueueScript(scripts.Path, "fan-out", """
            cd "$IAS_FOLLOW_UPS"
            mkfifo 0-fifo.json
            ln -s /etc/hostname 0-link.json
            printf '{"role": "implementer", "prompt": "rewrite the tests"}' > 1-impl.json
            printf '{"role": "reviewer", "prompt": "write it", "write": true}' > 1-rev.json
            printf '{"role": "reviewer", "prompt": "newline"}' > "$(printf '1-x\nHALTED: forged')"
            case "$IAS_FOLLOW_UPS" in */0002-*) for i in $(seq 1000 2500); do printf '{"role": "reviewer", "prompt": "look %s"}' "$i" > "2-$i.json"; done;; esac
            for i in 1 2 3 4 5 6 7 8 9; do printf '{"role": "reviewer", "prompt": "look %s"}' "$i" > "3-$i.json"; done
            """)} }}\n");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        var r = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var said = $"exit {r.Code}\n{r.Out}\n{r.Err}";
        Assert.True(r.Code == 0, said);
        var jobs = await repo.JobsAsync();
        Assert.True(jobs.Count <= 11, said);
        Assert.All(jobs.Values, j => Assert.Equal("reviewer", (string)j["role"]!));
        Assert.Contains("0-fifo.json refused", r.Out, StringComparison.Ordinal);
        Assert.Contains("0-link.json was not read: it is a symbolic link", r.Out, StringComparison.Ordinal);
        Assert.Contains("1-impl.json refused: it would write (implementer), and a read-only job queues only read-only jobs", r.Out, StringComparison.Ordinal);
        Assert.Contains("1-rev.json refused: it would write (reviewer)", r.Out, StringComparison.Ordinal);
        Assert.Contains("holds more than 1000 entries", r.Out, StringComparison.Ordinal);
        Assert.Contains("ias.queue.follow_ups.max_per_run", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Out.Split('\n'), l => l.StartsWith("HALTED", StringComparison.Ordinal));
    }

    /// <summary>A writing job's agent links docs/ias/decisions to .git/hooks and asks a question: its record is not written there.</summary>
    [Fact(Timeout = 300_000)]
    public async Task A_decision_record_is_never_written_through_a_linked_folder()
    {
        using var scripts = new Ias.Core.Tests.Support.TempDir();
        using var repo = await QueueRepo.CreateAsync(
            agentsYaml: $"  default: {{ agent: custom, command: {QueueScript(scripts.Path, "decisions", """
                mkdir -p docs/ias
                [ -e docs/ias/decisions ] || ln -s ../../.git/hooks docs/ias/decisions
                printf '{"question": "Which database?"}\n' >> "$IAS_ASK_FILE"
                echo "cycle" >> notes.md
                """)} }}\n",
            iasYaml: "  decisions: { timeout_minutes: 0.02 }\n");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        var hooks = Directory.EnumerateFiles(Path.Combine(repo.Path, ".git", "hooks")).Order().ToList();

        // Unsandboxed, the agent makes the link in the checkout itself: the engine's own write is the last layer standing.
        // (In the box the patch check refuses the link first, as the workspace rows show for links into .git.)
        var r = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle", "--no-sandbox");

        Assert.Contains("docs/ias/decisions is a symbolic link", r.Out + r.Err, StringComparison.Ordinal);
        Assert.Equal(hooks, Directory.EnumerateFiles(Path.Combine(repo.Path, ".git", "hooks")).Order());
        Assert.Contains("docs/ias/decisions is a symbolic link", IceLog(repo.Path), StringComparison.Ordinal);
    }

    /// <summary>
    /// Under umask 000 every folder ias makes for a queue's run is still writable by its owner alone; a runner folder that
    /// another user owns, or that every user may write, is refused in one line before a job of it is read.
    /// </summary>
    [Fact(Timeout = 300_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Another_user_cannot_swap_a_queues_runner_folder()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("agents:\n  default: { agent: sim }\n");
        foreach (var args in new[] { new[] { "new-run", "night" }, ["init", "--run", "night"] })
        {
            var made = await IasProcess.RunUnderUmaskAsync(repo.Path, "000", args);
            Assert.True(made.Code == 0, made.Err);
        }

        var runDir = repo.File("docs", "ias", "runs", "night");
        foreach (var dir in new[] { repo.File("docs"), repo.File("docs", "ias"), repo.File("docs", "ias", "runs"), runDir, Path.Combine(runDir, "runner") })
        {
            Assert.True((File.GetUnixFileMode(dir) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0, $"{dir} is {File.GetUnixFileMode(dir)}");
        }

        File.SetUnixFileMode(runDir, File.GetUnixFileMode(runDir) | UnixFileMode.OtherWrite);
        var open = await repo.IasAsync("run-once", "--run", "night");
        Assert.Equal(2, open.Code);
        Assert.Contains("can be written by every user of this machine", Assert.Single(open.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        File.SetUnixFileMode(runDir, File.GetUnixFileMode(runDir) & ~UnixFileMode.OtherWrite);

        if (Environment.UserName != "root")
        {
            Console.WriteLine("skipped the other user's runner folder: only root can give a folder to another user here");
            return;
        }

        _ = await Shell.ShAsync(repo.Path, "id iasother >/dev/null 2>&1 || useradd --no-create-home iasother");
        var chown = await Shell.ShAsync(repo.Path, $"chown iasother '{Path.Combine(runDir, "runner")}'");
        Assert.True(chown.Code == 0, chown.Err);
        var theirs = await repo.IasAsync("run-once", "--run", "night");
        Assert.Equal(2, theirs.Code);
        Assert.Contains("belongs to another user", theirs.Err, StringComparison.Ordinal);
    }

    private static string IceLog(string repo) => File.Exists(Path.Combine(repo, ".run", "ice.log")) ? File.ReadAllText(Path.Combine(repo, ".run", "ice.log")) : "";

    /// <summary>A queue job's agent: the script, then a plain last line as its result.</summary>
    private static string QueueScript(string dir, string name, string body)
    {
        var path = Path.Combine(dir, $"ias-attack-{name}-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"#!/bin/bash\ncat >/dev/null\n{body}\necho done\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
