using System.Reflection;
using Ias.Core.Storage;
using NetArchTest.Rules;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The compiled engine keeps to <see cref="CoreFloors"/>: a folder uses only the folders on the floors below it. IL keeps
/// no trace of a const or a nameof, so <see cref="SourceFloorTests"/> checks the source against the same table.
/// </summary>
public sealed class FloorTests
{
    private const string Root = CoreFloors.Root;

    private static readonly Assembly Core = typeof(RunPaths).Assembly;

    private static IReadOnlyDictionary<string, string[]> MayUse => CoreFloors.MayUse;

    public static TheoryData<string> Folders() => [.. MayUse.Keys];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_on_the_floors_below_it(string folder)
    {
        var problems = MayUse.Keys
            .Where(other => !CoreFloors.Allows(folder, other))
            .SelectMany(other => Offenders(folder, other).Select(type => $"{type} uses {Root}.{other}"))
            .ToList();

        Assert.True(problems.Count == 0,
            $"{Root}.{folder} may use only {CoreFloors.Describe(folder)}, but:\n  "
            + string.Join("\n  ", problems));
    }

    [Fact]
    public void Every_folder_of_the_engine_has_a_floor()
    {
        var folders = Core.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(ns => ns[(Root.Length + 1)..].Split('.')[0])
            .Distinct();

        Assert.All(folders, f => Assert.True(MayUse.ContainsKey(f), $"{Root}.{f} is on no floor; add it to the table with the folders it may use"));
    }

    public static TheoryData<string> Rooms() => [.. CoreFloors.AllRooms()];

    [Theory]
    [MemberData(nameof(Rooms))]
    public void A_room_uses_only_the_rooms_below_it(string room)
    {
        var folder = room.Split('.')[0];
        var problems = CoreFloors.Rooms[folder]
            .Select(other => $"{folder}.{other}")
            .Where(other => !CoreFloors.AllowsRoom(room, other))
            .SelectMany(other => Offenders(room, other).Select(type => $"{type} uses {Root}.{other}"))
            .ToList();

        Assert.True(problems.Count == 0, $"{Root}.{room} may use only {CoreFloors.Describe(room)}, but:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void A_folder_with_rooms_holds_nothing_but_its_rooms()
    {
        var outside = Core.GetTypes()
            .Where(t => CoreFloors.FolderOf(t.Namespace) is { } folder && CoreFloors.Rooms.ContainsKey(folder)
                && !CoreFloors.AllRooms().Contains(CoreFloors.RoomOf(t.Namespace)))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(outside.Count == 0, "these types are in no room of the table; put each in a room, or add its room:\n  " + string.Join("\n  ", outside));
    }

    [Fact]
    public void The_table_of_floors_has_no_cycle()
    {
        var done = new HashSet<string>();
        var visiting = new HashSet<string>();
        foreach (var folder in MayUse.Keys)
        {
            Visit(folder);
        }

        void Visit(string folder)
        {
            if (done.Contains(folder))
            {
                return;
            }

            Assert.True(visiting.Add(folder), $"the floors go round in a circle through {folder}");
            foreach (var used in MayUse[folder])
            {
                Visit(used);
            }

            visiting.Remove(folder);
            done.Add(folder);
        }
    }

    /// <summary>The types of <paramref name="folder"/> that use anything in <paramref name="other"/>.</summary>
    private static IEnumerable<string> Offenders(string folder, string other) =>
        (Types.InAssembly(Core).That().ResideInNamespace($"{Root}.{folder}")
            .ShouldNot().HaveDependencyOn($"{Root}.{other}").GetResult().FailingTypeNames ?? [])
        .Distinct()
        .Order(StringComparer.Ordinal);
}
