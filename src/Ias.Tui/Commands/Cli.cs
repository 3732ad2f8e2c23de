using System.CommandLine;
using System.CommandLine.Help;
using System.Runtime.CompilerServices;
using Ias.Core.Cycles.Engine;
using Ias.Core.Git;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands;

/// <summary>The `ias` command tree, one subcommand per command; `--repo` works everywhere.</summary>
public static class Cli
{
    public static Option<string> Repo { get; } = Existing(new("--repo")
    {
        Description = "Repository to work in (default: the current directory)",
        Recursive = true,
        DefaultValueFactory = _ => Directory.GetCurrentDirectory(),
    });

    /// <summary>Runs the agents without the box, under ICE's shim and hook alone (run, run-resume, run-once, run-loop).</summary>
    public static Option<bool> NoSandbox { get; } = new("--no-sandbox")
    {
        Description = "Run the agent without the bubblewrap sandbox (ICE's git shim and hook, and the after-turn checks, still apply)",
    };

    /// <summary>`--run` on the commands that act on one Run Mode run, for when several are at work in the repository.</summary>
    public static Option<string?> RunName { get; } = new("--run")
    {
        Description = "The run to act on when several are at work here: its branch, sprint or run id",
    };

    /// <summary>The lane of the run <see cref="RunName"/> names, or the one at work (see <see cref="RunLanes.Pick"/>), for <paramref name="command"/>.</summary>
    public static RunPaths Lane(ParseResult pr, string command) => RunLanes.Pick(Paths(pr), pr.GetValue(RunName), command);

    /// <summary>The run state paths of the repository --repo names.</summary>
    public static RunPaths Paths(ParseResult pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        return new RunPaths(pr.GetValue(Repo)!);
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("ias — run coding agents through Run Mode sprints, safely, and watch them.")
        {
            Repo,
            InRepository(RunCommand.Create()),
            InRepository(RunVerbs.Status()),
            InRepository(RunVerbs.Halt()),
            InRepository(RunVerbs.Resume()),
            InRepository(StatusCommand.Create()),
            InRepository(HaltCommand.Create()),
            InRepository(ResumeCommand.Create()),
            GraphCommand.Create(),
            InRepository(AttachCommand.Create()),
            HelpCommand.Create(),
            DemoCommand.Create(),
            InitRepoCommand.Create(),
            BootstrapCommand.Create(),
            InRepository(PreflightCommand.Create()),
            SimAgentCommand.Create(),
            IceGitCommand.Create(),
            InRepository(NewRunCommand.Create()),
            InRepository(InitCommand.Create()),
            InRepository(EnqueueCommand.Create()),
            InRepository(RunnerCommand.CreateOnce()),
            InRepository(RunnerCommand.CreateLoop()),
            InRepository(QueueControlCommand.CreateStop()),
            InRepository(QueueControlCommand.CreateRecover()),
            InRepository(QueueControlCommand.CreateRetryFailed()),
            AskCommand.Create(),
            InRepository(DecisionsCommand.Create()),
            InRepository(ReportCommand.Create()),
            InRepository(AnswerCommand.Create()),
            InRepository(DropInCommand.Create()),
            InRepository(WorktreesCommand.Create()),
            NightEndNotice.Create(),
        };
        HelpCommand.ShowFirstSteps(root);
        return root;
    }

    // The commands that work on a repository's runs or queue, marked as the tree is built.
    private static readonly ConditionalWeakTable<Command, object> InRepositoryCommands = [];

    /// <summary>
    /// For a command that reads or writes a repository's runs, a folder outside a git work tree, said before the command
    /// looks at anything there: the first thing a person hears outside a repository is that, never a missing config, and
    /// no `.run/` or `docs/ias/` is left in a folder that was never one. Asked once the command line itself parsed
    /// (the parser stops at a command's first error, so this is no validator); null when all is well or help was asked.
    /// </summary>
    public static string? RepositoryProblem(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.Action is HelpAction || !InRepositoryCommands.TryGetValue(parsed.CommandResult.Command, out _) || BoxWide(parsed))
        {
            return null;
        }

        var path = parsed.GetValue(Repo) ?? Directory.GetCurrentDirectory();
        return !Directory.Exists(path) || IsRepository(path)
            ? null
            : $"{Path.GetFullPath(path)} is not in a git repository; run ias inside one, pass --repo PATH, or try `ias demo`, which makes one";
    }

    /// <summary>Whether <paramref name="parsed"/> asks for the box-wide view (`--all`), which works from any folder.</summary>
    public static bool BoxWide(ParseResult parsed) =>
        parsed.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--all") is Option<bool> all && parsed.GetValue(all);

    /// <summary>Whether <paramref name="path"/> is in a git work tree.</summary>
    public static bool IsRepository(string path) => Directory.Exists(path) && new GitCli(path).IsRepository();

    /// <summary>Marks <paramref name="command"/> as one that works on a repository (see <see cref="RepositoryProblem"/>); `ias ask`, run by an agent in its box, is not one.</summary>
    private static Command InRepository(Command command)
    {
        InRepositoryCommands.AddOrUpdate(command, command);
        return command;
    }

    // A mistyped --repo is refused before any command looks for a run, a queue or a config there.
    private static Option<string> Existing(Option<string> repo)
    {
        repo.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !Directory.Exists(path))
            {
                result.AddError($"repository {Path.GetFullPath(path)} does not exist; pass --repo with a git repository");
            }
        });
        return repo;
    }
}
