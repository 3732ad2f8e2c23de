using System.Runtime.CompilerServices;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// The user's state folder of every `ias` the tests start: each remembers its checkout there (`$XDG_STATE_HOME/ias`), and
/// a test run must not fill the real user's registry with temporary repositories. Set in this process's environment as
/// the assembly loads, so every child inherits it, however it is started (IasProcess, tmux, a script, a shell); a test that
/// needs a registry of its own passes XDG_STATE_HOME in the child's environment, which wins. An ias started through
/// <see cref="IasProcess"/> gets a folder of its working directory's own (<see cref="For"/>), so each test's repository is
/// a box of its own: what another test's runs do at the same moment never changes what this one's see.
/// </summary>
internal static class StateHome
{
    /// <summary>The folder shared by the tests that bring none of their own, removed when the run ends.</summary>
    public static string Folder { get; } = Directory.CreateTempSubdirectory("ias-test-state-").FullName;

    /// <summary>The state folder of the ias started in <paramref name="cwd"/>: one a folder, under <see cref="Folder"/>.</summary>
    public static string For(string cwd)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(cwd)));
        return Path.Combine(Folder, Convert.ToHexString(hash, 0, 8));
    }

    [ModuleInitializer]
    internal static void Set()
    {
        Environment.SetEnvironmentVariable("XDG_STATE_HOME", Folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A child may still be writing; the OS cleans temp.
            }
        };
    }
}
