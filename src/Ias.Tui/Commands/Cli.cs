using System.CommandLine;
using Ias.Core.Git;
using Ias.Core.Storage;

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
            InRepository(StatusCommand.Create()),
            InRepository(HaltCommand.Create()),
            InRepository(ResumeCommand.Create()),
            InRepository(GraphCommand.Create()),
            InRepository(AttachCommand.Create()),
            HelpCommand.Create(),
            DemoCommand.Create(),
            InitRepoCommand.Create(),
            SimAgentCommand.Create(),
            IceGitCommand.Create(),
            InRepository(NewRunCommand.Create()),
            InRepository(InitCommand.Create()),
            InRepository(EnqueueCommand.Create()),
            InRepository(RunnerCommand.CreateOnce()),
            InRepository(RunnerCommand.CreateLoop()),
            InRepository(QueueStatusCommand.Create()),
            InRepository(QueueControlCommand.CreateStop()),
            InRepository(QueueControlCommand.CreateRecover()),
            InRepository(QueueControlCommand.CreateRetryFailed()),
            AskCommand.Create(),
            InRepository(DecisionsCommand.Create()),
            InRepository(AnswerCommand.Create()),
            InRepository(DropInCommand.Create()),
        };
        HelpCommand.ShowFirstSteps(root);
        return root;
    }

    /// <summary>
    /// A command that reads or writes a repository's runs refuses a folder that is not in a git work tree before it
    /// looks at anything there: the first thing a person hears outside a repository is that, never a missing config, and
    /// no `.run/` or `docs/ias/` is left in a folder that was never one. `ias ask`, run by an agent in its box, is not one.
    /// </summary>
    private static Command InRepository(Command command)
    {
        command.Validators.Add(result =>
        {
            // --repo is the root's option, given before or after the command: it is looked up in the whole parse.
            var path = result.GetResult(Repo)?.GetValueOrDefault<string>() ?? Directory.GetCurrentDirectory();
            if (!Directory.Exists(path))
            {
                return; // a missing --repo has its own error
            }

            if (!new GitCli(path).IsRepository())
            {
                result.AddError($"{Path.GetFullPath(path)} is not in a git repository; run ias inside one, pass --repo PATH, or try `ias demo`, which makes one");
            }
        });
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
