using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The fault table: every row is a fault caused against the real `ias`, the one line a user must
/// see, the exit code, and how the run must be left — untouched, finished, halted, or resumable once the fault is gone.
/// </summary>
public sealed partial class FaultTableTests
{
    private const string DemoConfig = "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: 6\n    timeout_hours: 1\nagents:\n  default:\n    agent: sim\n";

    // Only the hang rows shorten the implementer's idle limit, so they take seconds, not minutes. Every other row keeps the
    // default: a limit of a second or two is shorter than a loaded machine's pause before the agent's first line, and a row
    // about a 429 or a long line would end as a timeout instead.
    private const string QuickIdle = DemoConfig + "  implementer:\n    idle_timeout_minutes: 0.02\n";

    // The grandchildren row must also have started its sleeps before the silence ends it: 6 s leaves room for bwrap and
    // bash to start on a busy machine.
    private const double GrandchildIdleMinutes = 0.1;

    /// <summary>How a row must leave the repository.</summary>
    // The checkout's .run/ as an agent in the run's worktree finds it: beside the repository's git dir.
    private const string CheckoutRun = "\"$(git rev-parse --path-format=absolute --git-common-dir)/../.run\"";

    private enum Left
    {
        /// <summary>Every file under .run/ is byte for byte what it was before (or .run/ still does not exist).</summary>
        Untouched,

        /// <summary>The run itself reached JACKED_OUT and state.json agrees with the database.</summary>
        Finished,

        /// <summary>The run is HALTED and stays so: its state files agree with the database and no agent survives.</summary>
        Halted,

        /// <summary>The run halted; its state files parse, no agent survives, and with the fault gone `ias run-resume` finishes it.</summary>
        Resumable,
    }

    /// <summary>Where the row's one line appears: stderr as `ias: …` (bad input), the last line of stdout (a halt), or the terminal.</summary>
    private enum Shown
    {
        Stderr,
        Stdout,
        Screen,
    }

    public static TheoryData<string> Names => [.. Rows.Keys];

    private static readonly Dictionary<string, Fault> Rows = new Fault[]
    {
        // Agents that misbehave.
        new("agent crash", Sim("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash"}]}"""), 1, Shown.Stdout, "implementer failed 2 times (last: Crash", Left.Resumable),
        new("agent hang", Sim("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang"}]}""", QuickIdle), 1, Shown.Stdout, "implementer failed 3 times (last: Timeout — no output for", Left.Resumable),
        new("agent hang with grandchildren", Script("sleep 6021 & echo $! >> \"$FAULT_DIR/grandchildren\"; sleep 6022 & echo $! >> \"$FAULT_DIR/grandchildren\"; wait", idleMinutes: GrandchildIdleMinutes), 1, Shown.Stdout, "implementer failed 3 times (last: Timeout — no output for", Left.Resumable)
        {
            Check = GrandchildrenAreGone,
        },
        new("garbage output", Sim("""{"fail": [{"role": "implementer", "mode": "garbage"}, {"role": "reviewer", "mode": "garbage"}]}"""), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished),
        new("100 MB of output", Sim("""{"huge_mb": 100, "fail": [{"role": "implementer", "cycle": 1, "mode": "huge"}]}"""), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished)
        {
            Check = repo => Assert.True(JobFile(repo, "-c1-implement-a1", "stdout.jsonl").Length > 100L * 1024 * 1024, "the whole output is in the job log"),
        },
        new("a 10 MB line without newline", Script("head -c 10485760 /dev/zero | tr '\\0' x; exit 0"), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished)
        {
            Check = repo => Assert.Equal(10L * 1024 * 1024 + 1, JobFile(repo, "-c1-implement-a1", "stdout.jsonl").Length),
        },
        new("non-UTF-8 bytes in agent output", Script("printf 'caf\\351 \\377\\376 done\\n'; exit 0"), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished)
        {
            Check = repo => Assert.Equal("caf\uFFFD \uFFFD\uFFFD done\n", File.ReadAllText(JobFile(repo, "-c1-implement-a1", "stdout.jsonl").FullName)),
        },
        new("not logged in", Sim("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "auth"}]}"""), 1, Shown.Stdout, "not logged in to sim (", Left.Resumable),
        new("429 too many requests", Script("echo 'API Error: 429 Too Many Requests' >&2; exit 1"), 1, Shown.Stdout, "implementer failed 5 times (last: Transient — exited 1: API Error: 429", Left.Resumable),
        new("529 overloaded", Script("echo 'API Error: 529 {\"type\":\"overloaded_error\"}' >&2; exit 1"), 1, Shown.Stdout, "implementer failed 5 times (last: Transient — exited 1: API Error: 529", Left.Resumable),
        new("network down", Script("echo 'Error: connect ECONNREFUSED 160.79.104.10:443' >&2; exit 1"), 1, Shown.Stdout, "implementer failed 3 times (last: Network — exited 1: Error: connect ECONNREFUSED", Left.Resumable),
        new("usage limit", UsageLimit(), 1, Shown.Stdout, "HALTED after 1 cycle(s)", Left.Halted)
        {
            Check = repo => Assert.Equal("RATE_LIMITED", StateAgreesWithDatabase(repo).State.GetProperty("phase").GetString()),
        },

        // State that cannot be written or read.
        new("disk full while writing state", Env(new() { ["IAS_FAULT_DISK_FULL"] = "state.json" }, "run", "sprint-1", "--headless"), 2, Shown.Stderr, ".run/state.json" + DiskFullLine, Left.Resumable)
        {
            Check = repo => Assert.Empty(Directory.GetFiles(repo.File(".run"), ".*.tmp")),
        },
        new("corrupt state.json", Corrupt("state.json", "{\"run_id\": \"run-1\", \"state\": "), 2, Shown.Stderr, ".run/state.json", Left.Untouched),
        new("corrupt circuit-breaker.json", Corrupt("circuit-breaker.json", "{\"state\": "), 2, Shown.Stderr, ".run/circuit-breaker.json: not valid JSON", Left.Untouched),
        new("corrupt rate-limit.json", Corrupt("rate-limit.json", "[1, 2"), 2, Shown.Stderr, ".run/rate-limit.json: not valid JSON", Left.Untouched),
        new("corrupt database", Corrupt("ias.db", new string('\u0007', 5000)), 2, Shown.Stderr, "ias.db: not a usable ias database", Left.Untouched),
        new("disk full while writing the database", DiskFullMidRun("ias.db"), 2, Shown.Stderr, ".run/ias.db" + DiskFullLine, Left.Resumable),
        new("disk full while writing a job log", DiskFullMidRun("stdout.jsonl"), 2, Shown.Stderr, "-c1-implement-a1/stdout.jsonl" + DiskFullLine, Left.Resumable),
        new("read-only .run", ReadOnlyRunDir(), 2, Shown.Stderr, "/.run is read-only: ", Left.Untouched),

        // State taken away under a running engine: by a user, by a hostile agent, and together with a kill -9.
        new("rm -rf .run mid-run", RemovedMidRun(repo => Remove(repo, ".run")), 1, Shown.Stdout, LostRunDir, Left.Resumable) { Check = EventsSurvived },
        new("ias.db deleted mid-run", RemovedMidRun(repo => Remove(repo, ".run/ias.db")), 1, Shown.Stdout, LostDatabase, Left.Resumable) { Check = EventsSurvived },
        new("ias.db deleted and the engine killed", DatabaseDeletedAndEngineKilled(), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished),
        // In the box .run/ is read-only and these fail outright (the attack table); without it the engine notices the loss. The
        // agent works in the run's worktree, so it reaches the checkout's .run/ through the repository's git dir.
        new("an unsandboxed agent that deletes .run", Script($"rm -rf {CheckoutRun}; exit 0", unsandboxed: true), 1, Shown.Stdout, LostRunDir, Left.Resumable),
        new("an unsandboxed agent that deletes ias.db", Script($"rm -f {CheckoutRun}/ias.db; exit 0", unsandboxed: true), 1, Shown.Stdout, LostDatabase, Left.Resumable),

        // Publishing that fails: the run stays COMPLETE and says so with exit 3 until `ias run-resume` publishes it.
        new("the remote refuses the push", RemoteRefusesPush(), 3, Shown.Stdout, "COMPLETE after 2 cycle(s): 3 commit(s), 3 file change(s), 1 finding(s) fixed — passed but not published", Left.Resumable)
        {
            Heal = repo => File.Delete(Path.Combine(Path.GetDirectoryName(repo.Path)!, "origin.git", "hooks", "pre-receive")),
        },
        new("gh fails to open the draft PR", GhFailsToOpenThePr(), 3, Shown.Stdout, "COMPLETE after 2 cycle(s): 3 commit(s), 3 file change(s), 1 finding(s) fixed — passed but not published", Left.Resumable)
        {
            Heal = repo => File.Delete(Path.Combine(Path.GetDirectoryName(repo.Path)!, "bin", "gh")),
        },

        // Bad configuration and a repository that is not ready.
        new("YAML with tabs", Config("run_mode:\n\tenabled: true\n"), 2, Shown.Stderr, "tab", Left.Untouched),
        new("wrong types", Config("run_mode:\n  enabled: true\n  defaults:\n    max_cycles: twenty\n"), 2, Shown.Stderr, ".loa.config.yaml:4:17", Left.Untouched),
        new("unknown keys", Config(DemoConfig + "  reviewer:\n    modle: opus\n"), 0, Shown.Stderr, ".loa.config.yaml:10:5: unknown key agents.reviewer.modle", Left.Finished),
        new("missing sprint plan", Git("rm", "-rq", "grimoires"), 2, Shown.Stderr, "sprint.md not found: write it with `## Sprint 1` sections", Left.Untouched),
        new("missing agent CLI", Config(DemoConfig.Replace("agent: sim", "agent: claude\n    command: /nonexistent/claude", StringComparison.Ordinal)), 2, Shown.Stderr, "/nonexistent/claude not found", Left.Untouched),
        new("not a git repository", NotGit(), 2, Shown.Stderr, "is not in a git repository; run ias inside one, pass --repo PATH, or try `ias demo`, which makes one", Left.Untouched),
        new("detached HEAD", Git("checkout", "-q", "--detach", "HEAD"), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished),
        // Not a fault any more: the run works in a worktree of its own from the last commit, and the edit stays as it is.
        new("dirty work tree", Dirty(), 0, Shown.Stdout, "DONE after 2 cycle(s)", Left.Finished)
        {
            Check = repo => Assert.Equal("my unsaved work", File.ReadAllText(repo.File("notes.txt"))),
        },

        // Other processes and the terminal.
        new("a second runner", SecondRunner(), 2, Shown.Stderr, "a run already works on feature/sprint-1 (", Left.Finished),
        new("SIGHUP", Signal("HUP"), 1, Shown.Stdout, "— stopped by SIGHUP", Left.Resumable),
        new("SIGTERM", Signal("TERM"), 1, Shown.Stdout, "— stopped by SIGTERM", Left.Resumable),
        new("SIGINT", Signal("INT"), 1, Shown.Stdout, "— stopped by SIGINT", Left.Resumable),
        new("a terminal of 20×5", Terminal(20, 5, null), 0, Shown.Screen, "terminal too small", Left.Untouched),
        new("TERM=dumb", Terminal(80, 24, "dumb"), 2, Shown.Screen, "ias: the dashboard needs a terminal; use `ias run-status` (or --json) instead", Left.Untouched),
    }.ToDictionary(f => f.Name);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_fault_shows_one_clear_line_exits_with_its_code_and_loses_nothing(string name)
    {
        var fault = Rows[name];
        using var repo = new TestRepo();
        var env = new Dictionary<string, string> { ["FAULT_DIR"] = Path.GetDirectoryName(repo.Path)! };
        var prepared = await fault.Cause.Prepare(repo, env);
        var before = Snapshot(repo);

        var r = await fault.Cause.Act(repo, prepared);

        Assert.True(r.Code == fault.Code, $"{name}: exit {r.Code}, expected {fault.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        AssertShown(fault, r);
        switch (fault.Left)
        {
            case Left.Untouched:
                Assert.Equal(before, Snapshot(repo));
                break;
            case Left.Finished:
                AssertFinished(repo);
                break;
            case Left.Halted:
                Assert.Equal(RunState.Halted, StateAgreesWithDatabase(repo).Run.State);
                NoAgentSurvives(repo);
                break;
            case Left.Resumable:
                NoAgentSurvives(repo);
                foreach (var file in StateFileNames)
                {
                    using var _ = JsonDocument.Parse(File.ReadAllText(repo.File(".run", file)));
                }

                // The fault is gone: the demo's own config and a well-behaved simulated agent. A run keeps the config it
                // started with, so a fixed config is taken with --reload-config.
                fault.Heal?.Invoke(repo);
                string[] resumeArgs = ["run-resume"];
                if (await File.ReadAllTextAsync(repo.ConfigPath) != DemoConfig)
                {
                    await repo.SetConfigAsync(DemoConfig);
                    resumeArgs = ["run-resume", "--reload-config", "--yes"];
                }

                var resume = await repo.IasAsync(resumeArgs);
                Assert.True(resume.Code == 0, $"{name}: resume exit {resume.Code}\nstdout: {resume.Out}\nstderr: {resume.Err}");
                AssertFinished(repo);
                break;
        }

        fault.Check?.Invoke(repo);
    }

    private const string LostRunDir = ".run/ went missing mid-run and ias rebuilt it from what it held; find what removed it, then `ias run-resume`";
    private const string LostDatabase = ".run/ias.db went missing mid-run and ias rebuilt it from what it held; find what removed it, then `ias run-resume`";

    private static readonly string[] StateFileNames = ["state.json", "circuit-breaker.json", "rate-limit.json"];

    private static void AssertShown(Fault fault, Result r)
    {
        Assert.DoesNotContain("Unhandled exception", r.Out + r.Err, StringComparison.Ordinal);
        switch (fault.Shown)
        {
            case Shown.Stderr:
                var errors = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(errors.Length == 1, $"{fault.Name}: expected one line on stderr, got:\n{r.Err}");
                Assert.StartsWith("ias: ", errors[0], StringComparison.Ordinal);
                Assert.Contains(fault.Message, errors[0], StringComparison.Ordinal);
                break;
            case Shown.Stdout:
                Assert.True(r.Err.Length == 0, $"{fault.Name}: stderr should be empty, got:\n{r.Err}");
                var last = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                Assert.Contains(fault.Message, last, StringComparison.Ordinal);
                break;
            case Shown.Screen:
                Assert.Contains(fault.Message, r.Out, StringComparison.Ordinal);
                break;
        }
    }

    private static void AssertFinished(TestRepo repo)
    {
        var (state, run) = StateAgreesWithDatabase(repo);
        Assert.Equal(RunState.JackedOut, run.State);
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        NoAgentSurvives(repo);
    }

    /// <summary>The .run/ mirror parses and says what the database says.</summary>
    private static (JsonElement State, RunSnapshot Run) StateAgreesWithDatabase(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var run = new RunRecords(store).CurrentRun()!;
        var state = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal(run.RunId, state.GetProperty("run_id").GetString());
        Assert.Equal(WireName.Of(run.State), state.GetProperty("state").GetString());
        Assert.Equal(run.CycleCurrent, state.GetProperty("cycles").GetProperty("current").GetInt32());
        var breaker = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement;
        Assert.Equal(WireName.Of(new SafetyStore(store).LoadBreaker(run.RunId)!.State), breaker.GetProperty("state").GetString());
        return (state, run);
    }

    private static void NoAgentSurvives(TestRepo repo)
    {
        var record = repo.File(".run", "agent.pid");
        if (!File.Exists(record) || File.ReadAllText(record).Trim().Split(' ')[0] is not { Length: > 0 } group)
        {
            return;
        }

        Assert.False(GroupAlive(int.Parse(group, CultureInfo.InvariantCulture)), $"agent process group {group} is still running");
    }

    private static bool GroupAlive(int group) =>
        Directory.EnumerateDirectories("/proc").Any(d => int.TryParse(Path.GetFileName(d), out _) && ProcessGroupOf(d) == group);

    private static int? ProcessGroupOf(string procDir)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so count from the closing parenthesis.
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : int.Parse(fields[2], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // it exited while we looked
        }
    }

    private static void GrandchildrenAreGone(TestRepo repo)
    {
        var pids = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(repo.Path)!, "grandchildren"));
        Assert.Equal(6, pids.Length); // two per attempt, three attempts

        // In the box the pids the agent saw are its namespace's, so the grandchildren are looked for by their command line.
        var left = Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ').Trim();
                return cmdline is "sleep 6021" or "sleep 6022" && !File.ReadAllText(Path.Combine(d, "stat")).Contains(") Z ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).ToList();
        Assert.True(left.Count == 0, $"grandchildren outlived their agent: {string.Join(", ", left)}");
    }

    private static FileInfo JobFile(TestRepo repo, string jobSuffix, string file) =>
        new(Path.Combine(Directory.GetDirectories(repo.File(".run", "jobs")).Single(d => d.EndsWith(jobSuffix, StringComparison.Ordinal)), file));

    /// <summary>Every file under .run/ by its hash; the database by what it holds, since SQLite may checkpoint its WAL into the file when a reader closes.</summary>
    private static Dictionary<string, string> Snapshot(TestRepo repo)
    {
        var run = repo.File(".run");
        if (!Directory.Exists(run))
        {
            return [];
        }

        // The engine lock's owner note names whoever last tried to start; it is not run state.
        var files = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("ias.db", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("engine.", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(run, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        var db = repo.File(".run", "ias.db");
        if (!File.Exists(db))
        {
            return files;
        }

        try
        {
            using var store = RunStore.Open(db);
            var runs = new RunRecords(store);
            var current = runs.CurrentRun();
            if (current is null)
            {
                return files; // an empty database holds nothing to lose
            }

            files["ias.db"] = JsonSerializer.Serialize(new
            {
                current,
                history = current.CycleHistory,
                events = runs.Events(current.RunId).Count,
                phases = runs.Phases(current.RunId).Count,
                calls = runs.AgentCalls(current.RunId).Count,
            });
        }
        catch (StateFileException)
        {
            files["ias.db"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(db)));
        }

        return files;
    }

    // Causes: each prepares the repository, then acts as a user would.
    private static Cause Sim(string scenario, string? config = null) => new(
        async (repo, env) =>
        {
            if (config is not null)
            {
                await repo.SetConfigAsync(config);
            }

            foreach (var (k, v) in await Scenario.WriteAsync(repo, scenario))
            {
                env[k] = v;
            }

            return env;
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-1"));

    /// <summary>The implementer is a small shell script (the custom agent), the other roles the simulated agent; <paramref name="unsandboxed"/> runs it without the box.</summary>
    private static Cause Script(string body, bool unsandboxed = false, double? idleMinutes = null) => new(
        async (repo, env) =>
        {
            var path = Path.Combine(env["FAULT_DIR"], "agent.sh");
            // The box lets only an allowlist of variables in, so the script carries the fault's folder itself.
            await File.WriteAllTextAsync(path, $"#!/bin/bash\nFAULT_DIR='{env["FAULT_DIR"]}'\ncat >/dev/null\n{body}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var idle = idleMinutes is { } minutes ? $"    idle_timeout_minutes: {minutes.ToString(CultureInfo.InvariantCulture)}\n" : "";
            await repo.SetConfigAsync(DemoConfig + $"  implementer:\n{idle}    agent: custom\n    command: {path}\n");
            return env;
        },
        async (repo, env) => await repo.IasAsync(env, ["run", "sprint-1", .. unsandboxed ? ["--no-sandbox"] : Array.Empty<string>()]));

    private static Cause Env(Dictionary<string, string> extra, params string[] args) => new(
        (_, env) =>
        {
            foreach (var (k, v) in extra)
            {
                env[k] = v;
            }

            return Task.FromResult(env);
        },
        async (repo, env) => await repo.IasAsync(env, args));

    private static Cause Config(string yaml) => new(
        async (repo, env) =>
        {
            await repo.SetConfigAsync(yaml);
            return env;
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-1"));

    private static Cause Git(params string[] args) => new(
        async (repo, env) =>
        {
            await DemoTests.Git(repo.Path, args);
            if (args[0] == "rm")
            {
                await DemoTests.Git(repo.Path, "commit", "-qm", "remove the sprint plan");
            }

            return env;
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-1"));

    /// <summary>A finished sprint-1, then the file is overwritten with garbage and sprint-2 is started from main.</summary>
    private static Cause Corrupt(string file, string garbage) => new(
        async (repo, env) =>
        {
            Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
            await DemoTests.Git(repo.Path, "switch", "-q", "main");
            foreach (var stale in Directory.GetFiles(repo.File(".run"), file + "-*"))
            {
                File.Delete(stale); // a database's WAL and index belong to the file being replaced
            }

            await File.WriteAllTextAsync(repo.File(".run", file), garbage);
            return env;
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-2"));

    private static Cause NotGit() => new(
        (repo, env) =>
        {
            Directory.Delete(repo.File(".git"), recursive: true);
            return Task.FromResult(env);
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-1"));

    private static Cause Dirty() => new(
        async (repo, env) =>
        {
            await File.WriteAllTextAsync(repo.File("notes.txt"), "my unsaved work");
            return env;
        },
        async (repo, env) => await repo.IasAsync(env, "run", "sprint-1"));

    /// <summary>
    /// An engine seen calling its agent, whose implementer in cycle 1 waits mid-turn until the returned file exists: the fault
    /// surely meets a working engine, however slowly a loaded machine starts the test's next process.
    /// </summary>
    private static async Task<(IasProcess Engine, string Release)> HeldEngineAsync(TestRepo repo, Dictionary<string, string> env, params string[] extra)
    {
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        foreach (var (k, v) in await Scenario.WriteAsync(repo, $$"""{"hold_file": {{System.Text.Json.JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}"""))
        {
            env[k] = v;
        }

        var engine = IasProcess.Start(repo.Path, env, ["run", "sprint-1", "--headless", .. extra]);
        await engine.WaitForLineAsync("agent session");
        return (engine, release);
    }

    private static Cause SecondRunner() => new(
        (_, env) => Task.FromResult(env),
        async (repo, env) =>
        {
            var (first, release) = await HeldEngineAsync(repo, env);
            await using (first)
            {
                var second = await repo.IasAsync(env, "run", "sprint-1", "--headless");
                await File.WriteAllTextAsync(release, "");
                Assert.Equal(0, await first.ExitAsync());
                return second;
            }
        });

    private static Cause Signal(string signal) => new(
        (_, env) => Task.FromResult(env),
        async (repo, env) =>
        {
            var (held, _) = await HeldEngineAsync(repo, env);
            await using var engine = held;
            using (var kill = Process.Start("kill", ["-s", signal, engine.Pid.ToString(CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            var code = await engine.ExitAsync(TimeSpan.FromSeconds(60));
            return new Result(code, engine.Stdout, engine.Stderr);
        });

    private static Cause UsageLimit() => new(
        async (repo, env) =>
        {
            foreach (var (k, v) in await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "usage_limit"}]}"""))
            {
                env[k] = v;
            }

            return env;
        },
        async (repo, env) =>
        {
            // The run parks until the reset time the agent gave (an hour away); a halt is how a user gets out of it.
            await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
            await engine.WaitForLineAsync("agent usage limit reached; waiting until");
            Assert.Equal(0, (await repo.IasAsync("run-halt", "--reason", "usage limit")).Code);
            var code = await engine.ExitAsync(TimeSpan.FromSeconds(30));
            return new Result(code, engine.Stdout, engine.Stderr);
        });

    /// <summary>`ias dashboard` on a finished run, in a real terminal of the given size and TERM; q quits where it can.</summary>
    private static Cause Terminal(int width, int height, string? term) => new(
        async (repo, env) =>
        {
            Tmux.AssertInstalled();
            Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
            return env;
        },
        async (repo, env) =>
        {
            var shellEnv = term is null ? null : new Dictionary<string, string> { ["TERM"] = term };
            using var tmux = Tmux.Start(width, height, repo.Path, shellEnv, "dashboard");
            var screen = await tmux.WaitForAsync(s => s.Contains("terminal too small", StringComparison.Ordinal) || s.Contains("[exited", StringComparison.Ordinal), "the dashboard or its refusal");
            if (!screen.Contains("[exited", StringComparison.Ordinal))
            {
                tmux.Keys("q");
            }

            var end = await tmux.WaitForAsync("[exited");
            var code = int.Parse(end[(end.IndexOf("[exited ", StringComparison.Ordinal) + 8)..].Split(']')[0], CultureInfo.InvariantCulture);
            return new Result(code, screen + end, "");
        });

    private sealed record Result(int Code, string Out, string Err)
    {
        public static implicit operator Result((int Code, string Out, string Err) r) => new(r.Code, r.Out, r.Err);
    }

    /// <summary>How to bring a fault about: prepare the repository and environment, then act as a user would.</summary>
    private sealed record Cause(
        Func<TestRepo, Dictionary<string, string>, Task<Dictionary<string, string>>> Prepare,
        Func<TestRepo, Dictionary<string, string>, Task<Result>> Act)
    {
    }

    /// <summary>One row: the fault, its exit code, where and what its one line says, and how it must leave the run.</summary>
    private sealed record Fault(string Name, Cause Cause, int Code, Shown Shown, string Message, Left Left)
    {
        /// <summary>What else the row must hold afterwards.</summary>
        public Action<TestRepo>? Check { get; init; }

        /// <summary>Takes the fault away before a resumable row's resume, where the config alone does not.</summary>
        public Action<TestRepo>? Heal { get; init; }
    }
}
