using System.Runtime.CompilerServices;

namespace Ias.Core.Tests.Support;

/// <summary>
/// The home and XDG folders of a test run, private to it: no test, and no `ias` a test starts, reads or writes the person's.
/// </summary>
/// <remarks>
/// Set in this process's environment as the test assembly loads, so every child inherits it however it is started
/// (a process, tmux, a script). The person's git identity, tmux.conf and shell rc files stay out too: the home holds only
/// a .gitconfig with a test identity. A test that needs a home of its own still passes HOME or XDG_* to its child.
/// </remarks>
internal static class PrivateHome
{
    /// <summary>The run's private home, removed when the run ends.</summary>
    public static string Folder { get; } = Directory.CreateTempSubdirectory("ias-test-home-").FullName;

    /// <summary>The home this process was started with: only a test that checks the person's home was left alone reads it.</summary>
    public static string? PersonsHome { get; private set; }

    /// <summary>The XDG folders of the private home, by variable.</summary>
    public static IReadOnlyDictionary<string, string> Xdg { get; } = new Dictionary<string, string>
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(Folder, ".config"),
        ["XDG_CACHE_HOME"] = Path.Combine(Folder, ".cache"),
        ["XDG_STATE_HOME"] = Path.Combine(Folder, ".local", "state"),
        ["XDG_DATA_HOME"] = Path.Combine(Folder, ".local", "share"),
    };

    [ModuleInitializer]
    internal static void Set()
    {
        PersonsHome = Environment.GetEnvironmentVariable("HOME");
        File.WriteAllText(Path.Combine(Folder, ".gitconfig"), "[user]\n\tname = ias test\n\temail = test@ias.invalid\n");
        Environment.SetEnvironmentVariable("HOME", Folder);
        foreach (var (name, folder) in Xdg)
        {
            Directory.CreateDirectory(folder);
            Environment.SetEnvironmentVariable(name, folder);
        }

        // The person's dotnet and NuGet caches stay where they are: a child `dotnet` finds them without HOME.
        Keep("DOTNET_CLI_HOME", PersonsHome);
        Keep("NUGET_PACKAGES", PersonsHome is null ? null : Path.Combine(PersonsHome, ".nuget", "packages"));
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
            catch (UnauthorizedAccessException)
            {
                // A test left a folder without write permission; the OS cleans temp.
            }
        };
    }

    private static void Keep(string variable, string? value)
    {
        if (value is not null && Environment.GetEnvironmentVariable(variable) is null)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }
    }
}
