using System.CommandLine;
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
            RunCommand.Create(),
            StatusCommand.Create(),
            HaltCommand.Create(),
            ResumeCommand.Create(),
            GraphCommand.Create(),
            AttachCommand.Create(),
            HelpCommand.Create(),
            DemoCommand.Create(),
            InitRepoCommand.Create(),
            SimAgentCommand.Create(),
            IceGitCommand.Create(),
            NewRunCommand.Create(),
            InitCommand.Create(),
            EnqueueCommand.Create(),
            RunnerCommand.CreateOnce(),
            RunnerCommand.CreateLoop(),
            QueueStatusCommand.Create(),
            QueueControlCommand.CreateStop(),
            QueueControlCommand.CreateRecover(),
            QueueControlCommand.CreateRetryFailed(),
            AskCommand.Create(),
            DecisionsCommand.Create(),
            AnswerCommand.Create(),
            DropInCommand.Create(),
        };
        return root;
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
