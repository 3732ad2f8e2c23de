namespace Ias.Core.Tests.Architecture;

/// <summary>
/// Every folder of src/ stays a room a reader can take in: at most <see cref="MostFiles"/> files directly, and named in
/// docs/architecture.md, where the rooms of a folder are listed in the order they stand in <see cref="CoreFloors.Rooms"/>.
/// </summary>
public sealed class FolderTests
{
    private const int MostFiles = 40;

    private const string Doc = "docs/architecture.md";

    [Fact]
    public void No_folder_of_src_holds_more_than_forty_files_directly()
    {
        var crowded = Folders()
            .Select(f => (f.Path, Files: Directory.GetFiles(Path.Combine(Sources.Root, f.Path)).Length))
            .Where(f => f.Files > MostFiles)
            .Select(f => $"{f.Path}: {f.Files} files")
            .ToList();

        Assert.True(crowded.Count == 0,
            $"these folders hold more than {MostFiles} files; split each into sub-folders of one role:\n  " + string.Join("\n  ", crowded));
    }

    [Fact]
    public void The_architecture_doc_names_every_folder_of_src()
    {
        var doc = File.ReadAllText(Path.Combine(Sources.Root, Doc));

        var unnamed = Folders().Where(f => !doc.Contains($"`{f.InProject}/`", StringComparison.Ordinal)).Select(f => f.Path).ToList();

        Assert.True(unnamed.Count == 0, $"{Doc} does not name these folders (as `Folder/Sub/`, relative to their project):\n  " + string.Join("\n  ", unnamed));
    }

    [Theory]
    [InlineData("Cycles")]
    [InlineData("Jobs")]
    public void The_architecture_doc_lists_a_folders_rooms_bottom_to_top(string folder)
    {
        var doc = File.ReadAllText(Path.Combine(Sources.Root, Doc));

        var places = CoreFloors.Rooms[folder].Select(room => (room, At: doc.IndexOf($"`{folder}/{room}/`", StringComparison.Ordinal))).ToList();

        Assert.All(places, p => Assert.True(p.At >= 0, $"{Doc} does not name `{folder}/{p.room}/`"));
        Assert.Equal(CoreFloors.Rooms[folder], places.OrderBy(p => p.At).Select(p => p.room));
    }

    /// <summary>Each folder under src/ with a file in it (build output left out): its path from the root and from its project.</summary>
    private static IEnumerable<(string Path, string InProject)> Folders() =>
        Directory.EnumerateDirectories(Path.Combine(Sources.Root, "src"))
            .SelectMany(project => Directory.EnumerateDirectories(project, "*", SearchOption.AllDirectories)
                .Select(dir => Path.GetRelativePath(project, dir).Replace('\\', '/'))
                .Where(dir => !dir.Split('/').Any(part => part is "bin" or "obj"))
                .Where(dir => Directory.EnumerateFiles(Path.Combine(project, dir)).Any())
                .Select(dir => ($"src/{Path.GetFileName(project)}/{dir}", dir)))
            .Order();
}
