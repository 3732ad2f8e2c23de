using Ias.Core.Processes;

namespace Ias.Core.Git;

/// <summary>Runs git or gh with <see cref="CliProcess"/> and answers in Git's terms: a <see cref="GitResult"/>, or a <see cref="GitException"/> with the reason.</summary>
internal static class GitProcess
{
    public static GitResult Run(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName)
    {
        try
        {
            var r = CliProcess.Run(executable, cwd, args, env, timeout, displayName);
            return new GitResult(r.ExitCode, r.Stdout, r.Stderr);
        }
        catch (CliProcessException e)
        {
            throw new GitException(e.Command, e.Reason);
        }
    }
}
