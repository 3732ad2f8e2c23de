using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Shared steps of the engine-level git tests: environments, state.json reads, gh call lookups.</summary>
internal static class RunGit
{
    /// <summary>An environment with <paramref name="path"/> as PATH, plus any extra variables.</summary>
    public static Dictionary<string, string> Env(string path, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["PATH"] = path };
        return env;
    }

    /// <summary>The test's PATH with every directory that holds a gh removed, for "gh is not installed".</summary>
    public static string PathWithoutGh() =>
        string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => !File.Exists(Path.Combine(d, "gh"))));

    public static JsonElement State(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    /// <summary>The value following <paramref name="flag"/> in one recorded call.</summary>
    public static string? Arg(string[] call, string flag)
    {
        var i = Array.IndexOf(call, flag);
        return i >= 0 && i + 1 < call.Length ? call[i + 1] : null;
    }

    public static void AssertExit(int expected, (int Code, string Out, string Err) r) =>
        Assert.True(r.Code == expected, $"exit {r.Code}, expected {expected}\nstdout:\n{r.Out}\nstderr:\n{r.Err}");
}
