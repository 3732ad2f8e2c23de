using System.Text;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Publishing;

/// <summary>
/// The changed files that decide whether work looks right rather than being the work: what the test command runs, the
/// CI configuration and the git hooks, plus edits to the sprint plan the work is judged against. An agent that rewrites
/// them can make its work pass; a person reading the PR sees them first.
/// </summary>
/// <remarks>
/// The test command's files are the files it runs (its programs given by path, and the scripts it hands an interpreter:
/// `./test.sh`, `sh scripts/test.sh`, `node run-tests.js`) and, at any depth, the manifests that define what a test command
/// does: package.json, Makefiles, pyproject.toml, setup.cfg, tox.ini, pytest.ini, conftest.py, noxfile.py, project files
/// (*.csproj and the like), Directory.Build.*, *.runsettings, Cargo.toml, build.rs, go.mod, Gradle, Maven and CMake files,
/// justfile, Taskfile, Rakefile and test runner configs (jest, vitest, mocha, karma, phpunit). A folder the command names is
/// not followed: the tests inside it are the work.
/// </remarks>
public sealed record CheckChanges(IReadOnlyList<string> TestFiles, IReadOnlyList<string> Ci, IReadOnlyList<string> Hooks)
{
    /// <summary>The heading of the PR section, which comes first in the body.</summary>
    public const string Heading = "## ⚠️ The agent changed its own checks";

    private static readonly string[] ManifestNames =
    [
        "package.json", "makefile", "gnumakefile", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini", "conftest.py", "noxfile.py",
        "cargo.toml", "build.rs", "go.mod", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "pom.xml",
        "cmakelists.txt", "meson.build", "justfile", "taskfile.yml", "taskfile.yaml", "rakefile", "gemfile", "composer.json",
        "phpunit.xml", "phpunit.xml.dist", "karma.conf.js", "deno.json", "bunfig.toml", "global.json", "nuget.config",
    ];

    private static readonly string[] ManifestExtensions = [".csproj", ".fsproj", ".vbproj", ".proj", ".runsettings", ".mk"];

    private static readonly string[] ManifestPrefixes = ["directory.build.", "directory.packages.", "jest.config.", "vitest.config.", ".mocharc", "babel.config."];

    private static readonly string[] CiFolders =
    [
        ".github/workflows/", ".github/actions/", ".gitlab/", ".circleci/", ".azure-pipelines/", ".buildkite/", ".woodpecker/", ".teamcity/",
        ".semaphore/", ".ci/", ".drone/", ".forgejo/workflows/", ".gitea/workflows/",
    ];

    private static readonly string[] CiFiles =
    [
        ".gitlab-ci.yml", "azure-pipelines.yml", "azure-pipelines.yaml", "jenkinsfile", ".travis.yml", "bitbucket-pipelines.yml", ".drone.yml",
        ".woodpecker.yml", "appveyor.yml", ".appveyor.yml", ".cirrus.yml", "codefresh.yml", "cloudbuild.yaml", "cloudbuild.yml", "buildspec.yml",
    ];

    private static readonly string[] HookFolders = [".husky/", ".githooks/", ".git-hooks/", ".hooks/", ".lefthook/"];

    private static readonly string[] HookFiles =
    [
        ".pre-commit-config.yaml", ".pre-commit-config.yml", ".pre-commit-hooks.yaml", "lefthook.yml", "lefthook.yaml", ".lefthook.yml",
        ".lefthook.yaml", "lefthook-local.yml", ".overcommit.yml", ".huskyrc", ".huskyrc.json", ".lintstagedrc", ".lintstagedrc.json",
        ".lintstagedrc.yml", "lint-staged.config.js", ".simple-git-hooks.json", "simple-git-hooks.json",
    ];

    /// <summary>No change to any check.</summary>
    public static CheckChanges None { get; } = new([], [], []);

    /// <summary>Whether any check changed.</summary>
    public bool Any => TestFiles.Count + Ci.Count + Hooks.Count > 0;

    /// <summary>The changed <paramref name="paths"/> (repository-relative, a rename's old and new path both) that are checks, given the configured test command.</summary>
    public static CheckChanges Of(IEnumerable<string> paths, string? testCommand)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var named = NamedFiles(testCommand);
        var all = paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new CheckChanges(
            all.Where(p => named.Contains(p) || IsManifest(p)).ToList(),
            all.Where(IsCi).ToList(),
            all.Where(IsHook).ToList());
    }

    /// <summary>
    /// The checks changed between two commits (<paramref name="from"/> a commit or tree, <paramref name="to"/> a commit),
    /// renames seen as a removal and an addition so both names count; none when git cannot compare them.
    /// </summary>
    public static CheckChanges Between(GitCli git, string from, string to, string? testCommand)
    {
        ArgumentNullException.ThrowIfNull(git);
        var diff = git.Try("diff", "--name-only", "-z", "--no-renames", from, to, "--");
        return diff.Ok ? Of(diff.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries), testCommand) : None;
    }

    /// <summary>The checks the last <paramref name="commits"/> commits up to <paramref name="head"/> changed, as their PR shows them.</summary>
    public static CheckChanges OfLast(GitCli git, int commits, string head, string? testCommand)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (commits <= 0)
        {
            return None;
        }

        // Reaching back to the first commit, the changes count from the empty tree.
        var before = git.Try("rev-parse", "--verify", "--quiet", $"{head}~{commits}") is { Ok: true, Stdout: var sha }
            ? sha.Trim()
            : git.Try("hash-object", "-t", "tree", "/dev/null").Stdout.Trim();
        return Between(git, before, head, testCommand);
    }

    /// <summary>
    /// The PR section that lists these changes and <paramref name="planEdits"/> (how the sprint plan differs from the run's
    /// copy), to go first in the body; empty when there are none.
    /// </summary>
    public string PullRequestSection(IReadOnlyList<string>? planEdits = null)
    {
        planEdits ??= [];
        if (!Any && planEdits.Count == 0)
        {
            return "";
        }

        var b = new StringBuilder(Heading).Append("\n\n");
        b.Append("The agent changed files that decide whether its work passes, rather than the work itself. Read these changes first: ")
            .Append("a test command that now always passes, a CI job that no longer runs, or a plan rewritten to fit the work makes every green result below mean less.\n\n");
        Group(b, "The test command's files (what it runs, and the manifests that define it)", TestFiles);
        Group(b, "CI configuration", Ci);
        Group(b, "Git hooks and hook managers", Hooks);
        if (planEdits.Count > 0)
        {
            b.Append("**The agent edited the sprint plan** (each sprint was built and reviewed against the copy taken at jack-in, not against this):\n\n");
            foreach (var edit in planEdits)
            {
                b.Append("- ").Append(edit).Append('\n');
            }

            b.Append('\n');
        }

        return b.ToString();
    }

    /// <summary>The clause a passing test result gets when the agent changed the test command's files; null when it did not.</summary>
    public string? TestWarning() =>
        TestFiles.Count == 0 ? null : $"the agent changed the test command's files ({string.Join(", ", TestFiles.Take(5))}{(TestFiles.Count > 5 ? $", and {TestFiles.Count - 5} more" : "")})";

    private static void Group(StringBuilder b, string title, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }

        b.Append("**").Append(title).Append("**:\n\n");
        foreach (var path in paths)
        {
            b.Append("- `").Append(path.Replace("`", "'", StringComparison.Ordinal)).Append("`\n");
        }

        b.Append('\n');
    }

    /// <summary>
    /// The files the test command runs: each simple command's program when it is a path (`./scripts/test.sh`), and the
    /// script an interpreter is given (`sh scripts/test.sh`, `node tools/run.js`), read again inside `sh -c '…'`. A file
    /// the command only reads (`test -f out.txt`) is the work's, not the check's.
    /// </summary>
    private static HashSet<string> NamedFiles(string? command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (command is not null)
        {
            Collect(command, names, depth: 0);
        }

        return names;
    }

    private static void Collect(string command, HashSet<string> names, int depth)
    {
        var words = new List<string>();
        foreach (var word in Words(command).Append(Separator))
        {
            if (word != Separator)
            {
                words.Add(word);
                continue;
            }

            var simple = ProgramFirst(words);
            words.Clear();
            if (simple.Count == 0)
            {
                continue;
            }

            AddPath(simple[0], names);
            if (!Interpreters.Contains(Path.GetFileName(simple[0])))
            {
                continue;
            }

            for (var i = 1; i < simple.Count; i++)
            {
                if (simple[i] == "-c" && i + 1 < simple.Count && depth < 3)
                {
                    Collect(simple[i + 1], names, depth + 1);
                    break;
                }

                if (!simple[i].StartsWith('-') && simple[i] is not ("run" or "test"))
                {
                    AddPath(simple[i], names);
                    break;
                }
            }
        }
    }

    /// <summary>A simple command from its program on: VAR=value words and wrappers (`env`, `timeout 60`, `exec`) taken off the front.</summary>
    private static List<string> ProgramFirst(List<string> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            if (words[i].Contains('=', StringComparison.Ordinal) && !words[i].StartsWith('-'))
            {
                i++;
            }
            else if (Wrappers.Contains(Path.GetFileName(words[i])))
            {
                i++;
                while (i < words.Count && (words[i].StartsWith('-') || char.IsAsciiDigit(words[i][0])))
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return words[i..];
    }

    private static void AddPath(string word, HashSet<string> names)
    {
        while (word.StartsWith("./", StringComparison.Ordinal))
        {
            word = word[2..];
        }

        if (word.Length > 0 && !word.StartsWith('/') && !word.EndsWith('/') && (word.Contains('/') || Path.HasExtension(word)))
        {
            names.Add(word);
        }
    }

    private const string Separator = "\0";

    private static readonly string[] Interpreters =
        ["sh", "bash", "dash", "zsh", "ksh", "node", "python", "python3", "ruby", "perl", "php", "pwsh", "deno", "bun", "tsx", "ts-node"];

    private static readonly string[] Wrappers = ["env", "exec", "timeout", "nice", "xvfb-run", "command"];

    /// <summary>The command's words as a shell reads them, near enough: quotes group, blanks end a word, and `;`, `&amp;`, `|`, parentheses and newlines end a simple command (<see cref="Separator"/>).</summary>
    private static IEnumerable<string> Words(string command)
    {
        var word = new StringBuilder();
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or ')' or '<' or '>' or '`')
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                if (c is not (' ' or '\t' or '<' or '>'))
                {
                    yield return Separator;
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static bool IsManifest(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return ManifestNames.Contains(name)
            || ManifestExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal))
            || ManifestPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    private static bool IsCi(string path)
    {
        var lower = path.ToLowerInvariant();
        return CiFolders.Any(f => lower.StartsWith(f, StringComparison.Ordinal))
            || (CiFiles.Contains(Path.GetFileName(lower)) && (!lower.Contains('/') || Path.GetFileName(lower) == "jenkinsfile"));
    }

    private static bool IsHook(string path)
    {
        var lower = path.ToLowerInvariant();
        return HookFolders.Any(f => lower.StartsWith(f, StringComparison.Ordinal) || lower.Contains("/" + f, StringComparison.Ordinal))
            || HookFiles.Contains(Path.GetFileName(lower));
    }
}
