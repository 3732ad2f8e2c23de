using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;

namespace Ias.Core.Tests.Cycles;

public sealed class DeletedFilesTreeTests
{
    [Fact]
    public void The_004_example_renders_as_004_shows_it()
    {
        var tree = DeletedFilesTree.Render(
        [
            new DeletedFile("src/old-module.ts", "sprint-1", 3),
            new DeletedFile("tests/deprecated.test.ts", "sprint-1", 5),
        ]);

        Assert.Equal("src/\n└── old-module.ts (sprint-1, cycle-3)\ntests/\n└── deprecated.test.ts (sprint-1, cycle-5)\n", tree);
    }

    [Fact]
    public void Nested_folders_draw_branches_and_a_chain_of_lone_folders_is_one_line()
    {
        var tree = DeletedFilesTree.Render(
        [
            new DeletedFile("src/legacy/old-component.ts", "sprint-1", 2),
            new DeletedFile("src/b.ts", "sprint-1", 1),
            new DeletedFile("src/legacy/util/x.ts", "sprint-2", 4),
            new DeletedFile("docs/api/v1/index.md", "sprint-1", 1),
            new DeletedFile("LICENSE-OLD", "sprint-1", 1),
        ]);

        Assert.Equal(
            """
            docs/api/v1/
            └── index.md (sprint-1, cycle-1)
            src/
            ├── legacy/
            │   ├── util/
            │   │   └── x.ts (sprint-2, cycle-4)
            │   └── old-component.ts (sprint-1, cycle-2)
            └── b.ts (sprint-1, cycle-1)
            LICENSE-OLD (sprint-1, cycle-1)

            """,
            tree);
    }

    [Fact]
    public void No_deletions_render_nothing() => Assert.Equal("", DeletedFilesTree.Render([]));
}
