namespace Ias.Core.Scaffold;

/// <summary>
/// The scaffold's words, all in one place: what an agent reads in a repository ias runs it in, whether a person started
/// it (interactive) or ias did (a sprint, a queue job). Short on purpose: every turn pays to read them.
/// </summary>
public static class ScaffoldTexts
{
    /// <summary>The starter sprint plan: one sprint for a person to describe before the first run.</summary>
    public const string SprintPlan = """
        # Sprint plan

        Each `## Sprint N` section is one sprint: `ias run sprint-N` gives its text to the agents, who implement, review
        and audit it until it passes. Say what to build and how to tell it is done.

        ## Sprint 1: <the goal of the first sprint>

        - Task 1.1: <a change to make, and how to tell it is done>

        """;

    /// <summary>The operating protocol, the ias section of AGENTS.md.</summary>
    public const string Protocol = """
        ## Working in this repository under ias

        Coding agents work here in bounded turns run by ias (a Run Mode sprint, a queue job, or a person at a terminal).

        - Read first: `docs/ias/project-context.md` (what this is, its constraints), `docs/ias/context/base-goal.md` (what it is
          for), `docs/ias/process/run-protocol.md` (how a turn goes), `docs/ias/process/quality-gates.md` (when work is done).
        - One turn, one bounded task: do what the prompt asks, keep the change small and tested, end with a one-line summary.
        - Never push, merge, rebase or switch branches, and never touch `main` or `master`: ias commits after the turn, pushes
          the run's own branch and opens a draft pull request; a person merges.
        - Blocked by a choice only the owner can make: run `ias ask "QUESTION"` and end the turn.
        - Run state is ias's: leave `.run/`, `.ias/`, `docs/ias/runs/*/runner/` and `.loa.config.yaml` alone.
        """;

    /// <summary>The ias section of CLAUDE.md: Claude Code reads CLAUDE.md, and `@AGENTS.md` imports the protocol from there.</summary>
    public const string ClaudePointer = """
        @AGENTS.md

        The operating protocol for agents in this repository is AGENTS.md, imported above; follow it.
        """;

    public const string ProjectContext = """
        # Project context

        What an agent needs to know before it changes anything here. Replace each <…> and keep it short.

        - **What it is:** <one sentence>
        - **Language, build and tests:** <for example .NET 10; `dotnet build`; `dotnet test`>
        - **Layout:** <where the code, the tests and the docs live>
        - **Constraints:** <what must not change: public APIs, file formats, dependencies, style rules>
        - **Out of bounds:** <files or folders agents must not touch>

        """;

    public const string BaseGoal = """
        # Base goal

        The objective every sprint and job serves: who it is for, what they can do once it is done, and what is not the goal.
        Agents weigh their choices against it. Replace the line below.

        <the project's goal, in a few sentences>

        """;

    public const string RunProtocol = """
        # Run protocol

        How a turn goes when ias runs an agent here, in a Run Mode sprint or a queue job.

        1. Read the prompt, then `AGENTS.md` and `docs/ias/`. Where they differ, the prompt's task wins.
        2. Work inside this repository, on the task given. A turn is bounded in time and in calls; do not start what you
           cannot finish in it.
        3. Change files, not history: no `git commit`, `push`, `merge`, `rebase` or branch switch. ias commits your work after
           the turn, pushes the run's branch and opens a draft pull request; a person reviews and merges it.
        4. Before you end the turn, pass the quality gates (`quality-gates.md`).
        5. End with a one-line summary of what you changed. A review's or an audit's findings come back in the next prompt.
        6. If the task can be read two ways only the owner can settle, run `ias ask "QUESTION"` and end the turn; the answer
           comes in the next prompt.

        Where state lives: a Run Mode run in `.run/`, a queue run in `docs/ias/runs/<run>/runner/`. Both are ias's; read them
        if you need to, never edit them.

        """;

    public const string QualityGates = """
        # Quality gates

        Work is done when all of these hold. Edit the list to fit the project.

        - It builds, with no new warnings.
        - The tests pass: <the test command, for example `dotnet test`>. Set it as `ias.test_command` in `.loa.config.yaml`
          too, so Run Mode's tester and pull requests use the same one.
        - New behaviour has a test that fails without the change.
        - No secret, credential or personal data in code, tests, logs or commit text.
        - The change does what the task says and no more; docs follow where behaviour changed.

        """;

    /// <summary>The runs folder's note (hybrid profile): what lives there and how a queue run starts.</summary>
    public const string RunsReadme = """
        # Runs

        Each folder here is a run of the ias job queue. Its `runner/` folder (configuration, state, queue, job logs) is
        ias's own; the rest of the run's folder is yours.

            ias new-run my-feature
            ias init --run my-feature
            ias enqueue --run my-feature --role implementer --prompt "…"
            ias run-loop --run my-feature

        """;

    /// <summary>The external references (hybrid profile): tickets, PRDs, architecture documents the work answers to.</summary>
    public const string Inputs = """
        # Inputs

        Links to what the work answers to outside this repository: tickets, product requirements, architecture documents.
        One line each, with a few words on what it settles. Agents read them; they do not follow links they cannot reach.

        - <a link>: <what it settles>

        """;

    /// <summary>The tracked knowledge gaps (hybrid profile): what nobody knows yet, and who can answer.</summary>
    public const string Gaps = """
        # Gaps

        What is not known yet and matters to the work: open questions, unknown constraints, missing access. One line each,
        with who can answer it. An agent that meets one asks with `ias ask`; a person moves the answer into the docs above.

        - <an open question>: <who can answer it>

        """;
}
