using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>Runs one `ias` command line; whatever fails, a parse or a command, ends as one line on stderr and exit code 2.</summary>
public static partial class Invocation
{
    public const int Failed = 2;

    /// <summary>Parses and runs <paramref name="args"/>; the one line of a failure goes to <paramref name="stderr"/> (default: the console's).</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        stderr ??= Console.Error;
        var parsed = root.Parse(args);
        if (ParseProblem(parsed) is { } problem)
        {
            // Messages of ias's own say what to do after a semicolon; the parser's get a pointer to the command's help.
            return await FailAsync(stderr, problem.Contains("; ", StringComparison.Ordinal) ? problem : $"{problem}; see `{CommandPath(parsed.CommandResult)} --help`");
        }

        if (Cli.RepositoryProblem(parsed) is { } outside)
        {
            return await FailAsync(stderr, outside);
        }

        try
        {
            // Signals are ours to handle: an engine turns them into a forced halt (EngineSignals), a dashboard restores the terminal.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return await FailAsync(stderr, UserFacing.Message(ex) ?? Unexpected(ex));
        }
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"ias: {message}");
        return Failed;
    }

    /// <summary>The first thing wrong with the command line, in lower case and without its full stop, or null.</summary>
    private static string? ParseProblem(ParseResult parsed)
    {
        // What the person typed wrong (a bad --repo or --theme, then an unknown word) comes before what they left out.
        var given = parsed.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult { Implicit: false })?.Message;
        // A stray option goes first: the parser took it for an argument, and the word after it (its value) is left over.
        var unknown = (StrayOption(parsed) ?? parsed.UnmatchedTokens.FirstOrDefault()) is { } word ? Unrecognized(parsed.CommandResult, word) : null;
        if ((given ?? unknown ?? parsed.Errors.FirstOrDefault()?.Message) is not { } problem)
        {
            return null;
        }

        // The parser names .NET types ("as expected type 'System.Nullable`1[System.Int32]'"), which tell a user nothing.
        var line = string.Join(' ', ExpectedType().Replace(problem, "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
        return line.Length == 0 ? line : char.ToLowerInvariant(line[0]) + line[1..];
    }

    /// <summary>A word the parser could not place, with the visible option or subcommand it was likely meant to be.</summary>
    private static string Unrecognized(CommandResult at, string word)
    {
        var path = CommandPath(at);
        if (word.StartsWith('-'))
        {
            return Closest(word, OptionNames(at)) is { } option
                ? $"unrecognized option '{word}'; did you mean {option}? see `{path} --help`"
                : $"unrecognized option '{word}'";
        }

        // A command with subcommands takes no words of its own, so a word left over there is a command mistyped.
        var commands = at.Command.Subcommands.Where(c => !c.Hidden).ToList();
        if (commands.Count == 0)
        {
            return $"unrecognized word '{word}'";
        }

        return Closest(word, commands.SelectMany(c => c.Aliases.Prepend(c.Name))) is { } command
            ? $"unknown command '{word}'; did you mean `{path} {command}`? see `{path} --help`"
            : $"unknown command '{word}'";
    }

    /// <summary>The names and aliases of the visible options a command takes: its own, and those its parents give every subcommand.</summary>
    private static IEnumerable<string> OptionNames(CommandResult at)
    {
        for (var r = at; r is not null; r = r.Parent as CommandResult)
        {
            foreach (var option in r.Command.Options.Where(o => !o.Hidden && (o.Recursive || r == at)))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases)
                {
                    yield return alias;
                }
            }
        }
    }

    /// <summary>The name closest to <paramref name="word"/>, its leading dashes left out of the measure (`--max-cycle` is nine letters).</summary>
    private static string? Closest(string word, IEnumerable<string> names)
    {
        var known = names.ToList();
        return Suggestion.Closest(word.TrimStart('-'), known.Select(n => n.TrimStart('-'))) is { } bare
            ? known.First(n => n.TrimStart('-') == bare)
            : null;
    }

    /// <summary>
    /// An argument that may be empty takes an unknown option as its value (`ias new-run --nosuch` would name a run
    /// "--nosuch"): a word that starts with a dash before `--` is a mistyped option, never a name.
    /// </summary>
    private static string? StrayOption(ParseResult parsed)
    {
        var after = false;
        var values = parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var token in parsed.Tokens)
        {
            after |= token.Type == TokenType.DoubleDash;
            if (!after && values.Contains(token) && token.Value is ['-', _, ..])
            {
                return token.Value;
            }
        }

        return null;
    }

    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command is RootCommand ? "ias" : r.Command.Name);
        }

        return names.Count == 0 ? "ias" : string.Join(' ', names);
    }

    /// <summary>A fault no command expected: its type and message on the line, the whole trace in a private file to report.</summary>
    private static string Unexpected(Exception ex)
    {
        var what = $"unexpected {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ").Trim()}";
        try
        {
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var file = Path.Combine(FaultFolder(), $"ias-fault-{stamp}-{Environment.ProcessId}.txt");
            OwnerOnly.WriteAllText(file, $"ias {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}\n{ex}\n");
            return $"{what} (a bug in ias: the full trace is in {file}; please report it with that file)";
        }
        catch (Exception write) when (write is IOException or UnauthorizedAccessException)
        {
            return $"{what} (a bug in ias; please report it with the command you ran)";
        }
    }

    /// <summary>
    /// Where a trace is kept: an `ias` in an agent's turn (the simulated agent, `ias ask`, `ias ice-git`) is in a box whose
    /// /tmp nobody outside sees, so it writes beside the turn's logs, in the folder of the turn's ICE log; any other, /tmp.
    /// </summary>
    private static string FaultFolder() =>
        Environment.GetEnvironmentVariable("IAS_ICE_LOG") is { Length: > 0 } log && Path.GetDirectoryName(log) is { } dir && Directory.Exists(dir)
            ? dir
            : Path.GetTempPath();

    [GeneratedRegex(" as expected type '[^']*'")]
    private static partial Regex ExpectedType();
}
