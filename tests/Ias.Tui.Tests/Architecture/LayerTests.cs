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
    /// timeline (Replays), which reads ias.db once, read-only, and gives the read model's snapshot at each moment. The views
    /// have a narrower rule of their own: <see cref="Views_use_the_engine_only_through_its_read_model"/>.
    /// </summary>
    private static readonly Dictionary<string, string[]> EngineFolders = new()
    {
        ["Terminal"] = ["Config", "Notifications", "Processes"],
        ["Theming"] = [],
        ["Input"] = ["Cycles", "Decisions", "Jobs", "Snapshots"],
        ["Dashboard"] = ["Config", "Control", "Cycles", "Notifications", "Replays", "Reports", "Snapshots", "Storage"],
    };

    /// <summary>
    /// Read models beside the snapshot, which a view may use as it uses Snapshots: the morning report the dashboard reads and
    /// hands its overlay, and a stored run's timeline a replay steps through (each stands beside Snapshots, on the top floor).
    /// </summary>
    private static readonly Type[] OtherReadModels = [typeof(Ias.Core.Reports.MorningReport), typeof(Ias.Core.Replays.IReplayTimeline)];

    /// <summary>
    /// The engine's text helpers a view may call: pure functions of a string or of a carried enum, with no state of the engine
    /// behind them, which the screen must spell as the engine does.
    /// </summary>
    /// <remarks>
    /// Names of carried enums (<c>WireName</c>, the job and runner states' <c>Wire</c>), cutting a text to the width a view
    /// has (<c>ShortText</c>), and making an agent's text inert before a terminal draws it (<c>InertText</c>, the safety
    /// rule every output of the engine follows).
    /// </remarks>
    private static readonly Type[] TextHelpers =
    [
        typeof(Ias.Core.StateMachines.WireName), typeof(Ias.Core.Jobs.Records.JobStates), typeof(Ias.Core.Jobs.Records.RunnerStatuses),
        typeof(Ias.Core.Storage.ShortText), typeof(Ias.Core.Safety.InertText),
    ];

    private const BindingFlags Members = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

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

    /// <summary>
    /// The views read the engine through its read model only: each engine type a view uses is in Ias.Core.Snapshots (or
    /// below), exposed by a public type there, or a value an exposed type carries.
    /// </summary>
    /// <remarks>
    /// Exposed is one level from a public Snapshots type: the type of one of its public properties or fields, or of a
    /// public method's or constructor's parameter or return (a record's positional parameters among them), with the element
    /// types and generic arguments of those. Carried is what an exposed type holds in its public properties and fields, and
    /// so on down (a run's phase, a breaker's state); what an exposed type's methods take or give is not: a view that needs
    /// it has the snapshot carry it, worked out where the snapshot is built, so a view reads no store and asks the engine
    /// nothing. Two other read models count as Snapshots does (<see cref="OtherReadModels"/>), and a few text helpers are
    /// named (<see cref="TextHelpers"/>). Views has no row in <see cref="EngineFolders"/>: this rule is the narrower one.
    /// </remarks>
    [Fact]
    public void Views_use_the_engine_only_through_its_read_model()
    {
        var readModel = ReadModel();
        var others = Core.GetTypes()
            .Where(t => t.IsVisible && t.Namespace is { } ns && ns.StartsWith("Ias.Core.", StringComparison.Ordinal) && !readModel.Contains(t))
            .ToList();
        if (ViewsUsing(others).Count == 0)
        {
            return;
        }

        // Which view uses which type: a namespace at a time, then a type at a time within a namespace the views use.
        var problems = others.GroupBy(t => t.Namespace!)
            .Where(g => ViewsUsing(g).Count > 0)
            .SelectMany(g => g.SelectMany(t => ViewsUsing([t]).Select(view => $"{view} uses {t.FullName}")))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();

        Assert.Fail("Ias.Tui.Views may use only Ias.Core.Snapshots and the types its public types expose, but:\n  " + string.Join("\n  ", problems));
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

    /// <summary>The public types of Ias.Core.Snapshots and below and the other read models, what they expose and carry, and the text helpers.</summary>
    private static HashSet<Type> ReadModel()
    {
        var snapshots = Core.GetExportedTypes()
            .Where(t => t.Namespace is "Ias.Core.Snapshots" || t.Namespace?.StartsWith("Ias.Core.Snapshots.", StringComparison.Ordinal) == true)
            .Concat(OtherReadModels).ToList();
        var exposed = snapshots.SelectMany(t => Values(t)
            .Concat(t.GetMethods(Members).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(t.GetConstructors(Members).SelectMany(c => c.GetParameters().Select(p => p.ParameterType))));
        var model = new HashSet<Type>([.. snapshots, .. TextHelpers]);
        var next = new Queue<Type>(exposed.SelectMany(Named).Where(t => t.Assembly == Core));
        while (next.TryDequeue(out var type))
        {
            if (model.Add(type))
            {
                foreach (var carried in Values(type).SelectMany(Named).Where(t => t.Assembly == Core))
                {
                    next.Enqueue(carried);
                }
            }
        }

        return model;
    }

    /// <summary>The types of <paramref name="type"/>'s public properties and fields: the values it carries.</summary>
    private static IEnumerable<Type> Values(Type type) =>
        type.GetProperties(Members).Select(p => p.PropertyType).Concat(type.GetFields(Members).Select(f => f.FieldType));

    /// <summary>The named types in <paramref name="type"/>: itself, or its element type, or its generic definition and arguments.</summary>
    private static IEnumerable<Type> Named(Type type) => type switch
    {
        { HasElementType: true } => Named(type.GetElementType()!),
        { IsGenericParameter: true } => [],
        { IsConstructedGenericType: true } => type.GenericTypeArguments.SelectMany(Named).Prepend(type.GetGenericTypeDefinition()),
        _ => [type],
    };

    /// <summary>The views (by their outermost type) that use any of <paramref name="types"/>.</summary>
    private static List<string> ViewsUsing(IEnumerable<Type> types) =>
        [.. (Types.InAssembly(Tui).That().ResideInNamespaceStartingWith(Namespace("Views"))
            .ShouldNot().HaveDependencyOnAny([.. types.Select(t => t.FullName!.Replace('+', '/'))]).GetResult().FailingTypeNames ?? [])
            .Select(name => name.Split('/')[0]).Distinct(StringComparer.Ordinal)];
}
