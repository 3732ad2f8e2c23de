using System.Reflection;
using Ias.Tui.Commands;
using NetArchTest.Rules;

namespace Ias.Tui.Tests.Architecture;

/// <summary>
/// Ias.Tui's folders stand on floors, and a folder uses only the floors below it: the terminal and the themes know
/// nothing of keys, views know no dashboard loop, the dashboard knows no command. So a view can be rendered in a test
/// without a dashboard, and a dashboard opened without the command line.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Bottom to top; folders on one floor do not use each other either.</summary>
    private static readonly string[][] Floors =
    [
        ["Terminal"],
        ["Theming", "Input"],
        ["Views"],
        ["Dashboard"],
        ["Commands"],
    ];

    /// <summary>
    /// The engine's folders each folder may use, and no other: the dashboard reaches the engine only through its read model
    /// (Snapshots, with the record types it carries from Cycles and Turns; Reports, the morning's report) and its clients (Control), so what it does to a run is what
    /// `ias run-halt` or `ias answer` would do; it opens no store itself. The dashboard holds the report its overlay shows
    /// and moves the checkout's last-read mark when it is closed, as `ias report` does; reading it is the commands' (the
    /// checkout's config and team queue). The commands host the engine and may use all of it. A replay holds a stored run's
    /// timeline (Replays), which reads ias.db once, read-only, and gives the read model's snapshot at each moment.
    /// </summary>
    private static readonly Dictionary<string, string[]> EngineFolders = new()
    {
        ["Terminal"] = ["Config", "Notifications", "Processes"],
        ["Theming"] = [],
        ["Input"] = ["Cycles", "Decisions", "Jobs", "Snapshots"],
        ["Views"] = ["Bugs", "Config", "Cycles", "Decisions", "Git", "Jobs", "Plans", "Replays", "Reports", "Safety", "Snapshots", "StateMachines", "Storage", "Turns"],
        ["Dashboard"] = ["Config", "Control", "Cycles", "Notifications", "Replays", "Reports", "Snapshots", "Storage"],
    };

    private static readonly Assembly Tui = typeof(Cli).Assembly;

    private static readonly Assembly Core = typeof(Ias.Core.Storage.RunPaths).Assembly;

    public static TheoryData<string> Folders => [.. Floors.SelectMany(f => f)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_floors_below_it(string folder)
    {
        var floor = Array.FindIndex(Floors, f => f.Contains(folder));
        var forbidden = Floors.Skip(floor).SelectMany(f => f).Where(f => f != folder).Select(Namespace).ToArray();

        var result = Types.InAssembly(Tui).That().ResideInNamespace(Namespace(folder)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            $"{Namespace(folder)} must not use {string.Join(", ", forbidden)}, but these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_engine_folders_it_is_allowed(string folder)
    {
        if (!EngineFolders.TryGetValue(folder, out var allowed))
        {
            return;
        }

        var problems = Types.InAssembly(Core).GetTypes()
            .Select(t => t.Namespace).OfType<string>().Where(ns => ns.StartsWith("Ias.Core.", StringComparison.Ordinal))
            .Select(ns => ns.Split('.')[2]).Distinct(StringComparer.Ordinal).Where(f => !allowed.Contains(f))
            .SelectMany(f => (Types.InAssembly(Tui).That().ResideInNamespace(Namespace(folder)).ShouldNot().HaveDependencyOn($"Ias.Core.{f}").GetResult().FailingTypeNames ?? [])
                .Select(type => $"{type} uses Ias.Core.{f}"))
            .ToList();

        Assert.True(problems.Count == 0,
            $"{Namespace(folder)} may use only {(allowed.Length == 0 ? "no folder of the engine" : string.Join(", ", allowed.Select(f => $"Ias.Core.{f}")))}, but:\n  "
            + string.Join("\n  ", problems));
    }

    [Fact]
    public void Every_type_of_the_executable_lives_in_a_folder_on_a_floor()
    {
        var known = Floors.SelectMany(f => f).Select(Namespace).ToList();
        var stray = Types.InAssembly(Tui).GetTypes()
            .Where(t => t.Namespace is { } ns && !known.Any(k => ns == k || ns.StartsWith(k + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(stray.Count == 0, $"put these types in a folder on a floor (and in {nameof(LayerTests)}.{nameof(Floors)}): {string.Join(", ", stray)}");
    }

    [Fact]
    public void The_engine_never_uses_the_executable()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOn("Ias.Tui").GetResult();

        Assert.True(result.IsSuccessful, $"Ias.Core must not use Ias.Tui, but these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Ias.", StringComparison.Ordinal) || a.Name == "ias");
    }

    [Fact]
    public void The_executable_uses_the_engine_and_the_simulated_agent_and_the_simulated_agent_uses_neither()
    {
        var ours = Tui.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Ias.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var sim = typeof(Ias.SimAgent.SimulatedAgent).Assembly;

        Assert.Equal(["Ias.Core", "Ias.SimAgent"], ours);
        Assert.DoesNotContain(sim.GetReferencedAssemblies(), a => a.Name!.StartsWith("Ias.", StringComparison.Ordinal) || a.Name == "ias");
    }

    private static string Namespace(string folder) => $"Ias.Tui.{folder}";
}
