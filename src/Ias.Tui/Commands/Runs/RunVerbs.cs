using System.CommandLine;
using System.CommandLine.Parsing;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias status`, `ias halt` and `ias resume`: one vocabulary for a Run Mode run and a queue run.</summary>
/// <remarks>
/// A verb picks its run, then hands its command line to the command that does the work for that kind of run (run-status,
/// run-halt, run-resume; the queue's status, stop, run-loop --detach): those stay the one place each thing is done.
/// </remarks>
public static class RunVerbs
{
    public static Command Status() => Verb(
        "status", "Show a run's progress: the Run Mode run's, or a queue run's jobs and runner",
        StatusCommand.Create, new(QueueStatusCommand.Create, ["status"], ["--json", "--watch"]));

    public static Command Halt() => Verb(
        "halt", "Halt a run: the Run Mode run after its phase (--force: now), a queue run's runner after its job",
        HaltCommand.Create, new(QueueControlCommand.CreateStop, ["stop"], []));

    public static Command Resume() => Verb(
        "resume", "Continue a run: the Run Mode run from its checkpoint, a queue run's runner started detached, its breaker reset",
        ResumeCommand.Create, new(RunnerCommand.CreateLoop, ["run-loop", "--detach", "--reset-breaker"], [Cli.NoSandbox.Name]));

    /// <summary>What a verb does on a queue run: the command it becomes, and which of its options the verb passes on.</summary>
    private sealed record QueueSide(Func<Command> Create, string[] Call, string[] Passed);

    /// <summary>The run a verb acts on: a queue run or the Run Mode run, and the queue run's name when the verb picked it.</summary>
    /// <param name="Queue">Whether it is a queue run.</param>
    /// <param name="Picked">The queue run the verb chose itself, to name with --run; null when the person named it, or for the newest as the queue commands resolve it.</param>
    public sealed record Target(bool Queue, string? Picked);

    /// <summary>
    /// The run --run NAME, --latest or --run-mode names; told none of them, the run the dashboard would watch, the latest
    /// active in this checkout. A checkout with queue runs alone gets the newest, as `ias status` has always read it.
    /// </summary>
    public static Target Pick(string root, string? run, bool latest, bool runMode)
    {
        // --run naming a Run Mode run (its branch, sprint or id) picks it, for the command of one run to find.
        if (run is not null && !latest && RunLanes.Find(new RunPaths(root), run) is not null)
        {
            return new(false, null);
        }

        // A named queue run is the queue commands' to find: they read the store themselves, and say its outage in their words.
        if ((run is not null || latest) && !runMode)
        {
            return new(true, null);
        }

        using var shared = QueueHost.Watch(root);
        var choice = RunChooser.Choose(new RunPaths(root), run, latest, runMode, shared);
        return choice.QueueRun is not null ? new(true, null)
            : choice.Latest is not { Kind: RunKind.Queue } queue ? new(false, null)
            : new(true, choice.AnyRunMode ? queue.Id : null);
    }

    private static Command Verb(string name, string description, Func<Command> runMode, QueueSide queue)
    {
        var cmd = new Command(name, description);
        var (run, latest) = QueueHost.AddRunOptions(cmd);
        var pickRunMode = new Option<bool>("--run-mode") { Description = "The Run Mode run, even when a queue run was active more recently" };
        cmd.Add(pickRunMode);
        var runModeOptions = runMode().Options;
        var queueOptions = queue.Create().Options.Where(o => queue.Passed.Contains(o.Name)).ToList();
        // --run is the verb's own: it names a queue run or a Run Mode run, and is handed on as typed.
        foreach (var option in runModeOptions.Concat(queueOptions).DistinctBy(o => o.Name).Where(o => o.Name != run.Name))
        {
            cmd.Add(option);
        }

        cmd.SetAction(async (pr, ct) =>
        {
            var root = Path.GetFullPath(pr.GetValue(Cli.Repo)!);
            var target = Pick(root, pr.GetValue(run), pr.GetValue(latest), pr.GetValue(pickRunMode));
            var applies = target.Queue ? queueOptions.Select(o => o.Name).Concat([run.Name, latest.Name]) : runModeOptions.Select(o => o.Name).Append(pickRunMode.Name);
            if (Given(pr).FirstOrDefault(o => !applies.Contains(o)) is { } refused)
            {
                throw new RunModeException(target.Queue
                    ? $"{refused} applies to the Run Mode run, and `ias {name}` picked a queue run: pass --run-mode for the Run Mode run, or leave {refused} out"
                    : $"{refused} applies to a queue run, and `ias {name}` picked the Run Mode run: pass --run NAME for a queue run, or leave {refused} out");
            }

            var command = target.Queue ? queue.Create() : runMode();
            var call = target.Queue ? queue.Call : [command.Name];
            return await Invocation.RunAsync(new RootCommand { Cli.Repo, command }, [.. Handed(pr, name, call), .. target.Picked is { } picked ? [run.Name, picked] : Array.Empty<string>()]);
        });
        return cmd;
    }

    /// <summary>The options the person gave the verb itself, by name.</summary>
    private static IEnumerable<string> Given(ParseResult pr) =>
        pr.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit).Select(o => o.Option.Name);

    /// <summary>The command line as typed, the verb replaced by <paramref name="call"/> and --run-mode, which only picked the run, left out.</summary>
    private static IEnumerable<string> Handed(ParseResult pr, string verb, string[] call) =>
        pr.Tokens.Where(t => !(t.Type == TokenType.Option && t.Value == "--run-mode"))
            .SelectMany(t => t.Type == TokenType.Command && t.Value == verb ? call : [t.Value]);
}
