using System.Diagnostics;
using Ias.Core.Git;

namespace Ias.Core.Safety;

/// <summary>What the shim runs (`ias ice-git`): ask the policy, then run the real git or gh in place, or refuse with exit 1.</summary>
public static class IceGate
{
    /// <summary>Exit code of the real tool, 1 for a refusal, 127 when the real tool is not installed.</summary>
    public static int Run(
        string tool, IReadOnlyList<string> argv, string shimDir, string logPath, string cwd,
        IReadOnlyDictionary<string, string> env, TextWriter stderr, TimeProvider clock)
    {
        var real = IceShim.FindReal(tool, env.GetValueOrDefault("PATH") ?? "", shimDir);
        if (real is null)
        {
            stderr.WriteLine($"ICE: no {tool} found on PATH besides the shim in {shimDir}; install {tool}");
            return 127;
        }

        var decision = Decide(tool, argv, real, cwd, env);
        if (!decision.Allowed)
        {
            new IceLog(logPath, clock).Append([tool, .. argv], decision.Reason!, cwd);
            stderr.WriteLine($"ICE: {decision.Reason}");
            return 1;
        }

        // The real tool inherits our stdin, stdout, stderr, directory and environment (PATH with the shim still first,
        // so hooks and shell aliases it runs meet ICE again).
        var psi = new ProcessStartInfo(real) { UseShellExecute = false };
        foreach (var a in argv)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {real}");
        p.WaitForExit();
        return p.ExitCode;
    }

    private static IceDecision Decide(string tool, IReadOnlyList<string> argv, string realGit, string cwd, IReadOnlyDictionary<string, string> env)
    {
        if (tool == "gh")
        {
            return IcePolicy.CheckGh(argv);
        }

        return IcePolicy.CheckGit(argv, new GitRepoFacts(realGit, cwd, IceGitArgs.Parse(argv).GlobalOptions), env);
    }
}
