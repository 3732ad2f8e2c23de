using Ias.Core.Processes;

namespace Ias.Core.Git;

/// <summary>Runs git or gh with <see cref="CliProcess"/> and answers in Git's terms: a <see cref="GitResult"/>, or a <see cref="GitException"/> with the reason.</summary>
internal static class GitProcess
{
    /// <remarks>The first <paramref name="hidden"/> arguments (options the engine puts before every git) are left out of the command a failure names.</remarks>
    public static GitResult Run(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName, int hidden = 0) =>
        Capture(executable, cwd, args, env, timeout, displayName, hidden, input: null).Result;

    /// <summary>As <see cref="Run"/>, with <paramref name="input"/> on stdin; stdout's bytes come back as git wrote them.</summary>
    public static (GitResult Result, byte[] Stdout) Capture(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName, int hidden, byte[]? input)
    {
        try
        {
            var (r, stdout, _) = CliProcess.Capture(executable, cwd, args, env, timeout, displayName, input: input);
            return (new GitResult(r.ExitCode, r.Stdout, r.Stderr), stdout);
        }
        catch (CliProcessException e)
        {
            var shown = args.Skip(hidden).ToList();
            var command = e.TimedOut ? string.Join(' ', shown) : e.Command == (args.FirstOrDefault() ?? "") ? shown.FirstOrDefault() ?? "" : e.Command;
            throw new GitException(command, e.Reason);
        }
    }
}
