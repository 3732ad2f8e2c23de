using Ias.Core.Cycles.Live;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Sandbox;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Publishing;

/// <summary>
/// Runs the project's test command (ias.test_command) once before a draft PR is published, so its "Test results" section
/// says what the tests did at the commit the PR shows.
/// </summary>
/// <remarks>
/// The tests are the agent's code, so they run as an agent turn does: inside its box (the user's credentials hidden, the
/// repository's git dirs and ias's files read-only) unless the run is unsandboxed, through the process runner that stops
/// their whole process family at ias.test_timeout_minutes. They run in a throwaway checkout of HEAD (`git worktree add
/// --detach` in a temporary folder, writable, as builds and test runners need), never in the run's own work tree: what
/// they write (build output, caches, a file a test forgot to remove) cannot be committed, cannot leave the tree dirty,
/// and needs no `git stash` or `git clean` that could take a person's files with it. The checkout starts from what is
/// committed only, as a fresh clone would. The redacted output goes to `.run/tests/NAME.log`, its first
/// <see cref="LogKeep"/> bytes (the log then says how much more there was); the result keeps its last lines.
/// </remarks>
public static class ProjectTests
{
    /// <summary>The output lines the result keeps, each cut to <see cref="LongestLine"/> characters, so the PR stays small.</summary>
    public const int TailLines = 30;

    public const int LongestLine = 300;

    /// <summary>The most of the output the log keeps: a test command is the agent's code, and may print without end.</summary>
    public const long LogKeep = 16L * 1024 * 1024;

    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the command at HEAD and waits for it. The engine publishes from synchronous code, and the wait is bounded by the
    /// command's time limit, so blocking here costs nothing else; a halt asked for meanwhile is seen when the tests end.
    /// </summary>
    public static TestRunResult Run(EngineContext ctx, string name) =>
        Task.Run(() => RunAsync(ctx, name, CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Runs the command at HEAD; <paramref name="name"/> (a run, plan or bug id) names its log.</summary>
    public static async Task<TestRunResult> RunAsync(EngineContext ctx, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.Config.TestCommand is not { } command)
        {
            return TestRunResult.Unset;
        }

        // The command is shown in progress lines and the PR as the output is: a token written into it is not published.
        var shown = SecretRedactor.ForThisProcess().Redact(command);

        if (ctx.Git.HeadSha() is not { } head)
        {
            return TestRunResult.NotRun(shown, "the branch has no commit to test");
        }

        var temp = Directory.CreateTempSubdirectory("ias-tests-").FullName;
        var tree = Path.Combine(temp, "tree");
        try
        {
            var added = ctx.Git.Try("worktree", "add", "--detach", "--quiet", tree, head);
            if (!added.Ok)
            {
                return Broken(shown, $"could not make a throwaway checkout of {head[..7]} ({added.Stderr.Trim().ReplaceLineEndings(" ")}); check `git worktree list`");
            }

            return await RunInAsync(ctx, name, command, shown, head, tree, Path.Combine(temp, "scratch"), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or GitException)
        {
            return Broken(shown, e.Message);
        }
        finally
        {
            // The checkout and what the tests wrote in it go, deleted as files (links removed, never followed): `git worktree
            // remove` would first run git's status in a tree the tests wrote, whose `.git` file they could have pointed at a
            // git dir of their own, with filters in its config. Then git forgets the worktree, so nothing of it stays.
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ctx.Progress($"warning: could not remove the tests' throwaway checkout {temp} ({e.Message}); remove it by hand");
            }

            ctx.Git.Try("worktree", "prune");
        }
    }

    private static async Task<TestRunResult> RunInAsync(EngineContext ctx, string name, string command, string shown, string head, string tree, string scratch, CancellationToken ct)
    {
        var boxed = ctx.Agents.Sandboxed;

        // One pipe for both streams, joined in the shell: read from two pipes, their lines' order would be a race, and the
        // tail must read as a terminal shows it (a runner's stderr failure after its stdout progress).
        string[] shell = ["-c", "exec 2>&1\n" + command];
        using var box = boxed ? TestsBox(ctx, tree, scratch, shell) : null;
        var (fileName, args) = box is null ? ("/bin/sh", (IReadOnlyList<string>)shell) : (box.FileName, box.Args);
        var env = new Dictionary<string, string>();
        var redactor = SecretRedactor.ForChild(env);
        var stdoutLines = redactor.ForStream();
        var stderrLines = redactor.ForStream();
        var tail = new Queue<string>();
        var logDir = Path.Combine(ctx.Paths.RunDir, "tests");
        OwnerOnly.CreateFolder(logDir);
        var logPath = Path.Combine(logDir, name + ".log");
        await using var file = OwnerOnly.CreateText(logPath);
        var log = new TestOutputLog(file, LogKeep);

        var spec = new ProcessSpec(fileName, args, tree, env, StdinText: null, ctx.Config.TestTimeout, Timeout.InfiniteTimeSpan, KillGrace)
        {
            OutputLimit = box?.Limits.OutputBytes,
        };
        var outcome = await new ProcessRunner(ctx.Clock).RunAsync(
            spec,
            line => KeepAsync(stdoutLines.Redact(line)),
            line => KeepAsync(stderrLines.Redact(line)),
            resultArriving: null,
            ct).ConfigureAwait(false);
        foreach (var line in LimitLines(outcome, box))
        {
            await KeepAsync(line).ConfigureAwait(false);
        }

        await log.EndAsync().ConfigureAwait(false);

        var output = log.Cut is { } cut
            ? $"its first {BoundedCapture.Size(LogKeep)} of output in {ctx.Paths.Display(logPath)} {cut}"
            : $"full output in {ctx.Paths.Display(logPath)}";
        var where = $"at {head[..7]}, in a throwaway checkout{(boxed ? " inside the agent's box" : ", unsandboxed (--no-sandbox)")}; {output}";
        var result = Outcome(outcome);
        return new TestRunResult(result, shown, outcome.ExitCode, outcome.Elapsed, [.. tail],
            result == TestOutcome.Broken ? $"`{shown}` was stopped before it exited ({where})" : where);

        async ValueTask KeepAsync(string line)
        {
            await log.WriteLineAsync(line).ConfigureAwait(false);
            tail.Enqueue(ShortText.Cut(line, LongestLine));
            if (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }
    }

    /// <summary>The tests' box: in it they hold to the agent's limits (ias.sandbox), as they are the agent's code.</summary>
    private static BoxCommand TestsBox(EngineContext ctx, string tree, string scratch, string[] shell) =>
        new AgentBox(BoxLayout.For(new GitCli(tree), ctx.Config.Sandbox))
            .Wrap("/bin/sh", shell, writes: true, scratch, turn: new BoxTurn([], []) { HomeName = BoxHomes.Tests });

    /// <summary>One line for each of the box's limits the tests reached.</summary>
    private static IEnumerable<string> LimitLines(ProcessOutcome outcome, BoxCommand? box)
    {
        if (box is not null && outcome.OutputLimited)
        {
            yield return $"the tests printed more than {box.Limits.OutputBytes / (1024 * 1024)} MiB (ias.sandbox.max_output_mb), so they were stopped: raise the limit in .loa.config.yaml if that is expected";
        }

        if (box?.Cap.Hit() == true)
        {
            yield return box.Cap.Message("the tests");
        }
    }

    private static TestOutcome Outcome(ProcessOutcome outcome) => outcome switch
    {
        { Stop: ProcessStop.TimedOut } => TestOutcome.TimedOut,
        { ExitCode: 0 } => TestOutcome.Passed,
        { ExitCode: not null } => TestOutcome.Failed,
        _ => TestOutcome.Broken,
    };

    private static TestRunResult Broken(string command, string why) => new(TestOutcome.Broken, command, null, TimeSpan.Zero, [], why);
}
