using System.Globalization;
using System.Text;
using Ias.Core.Cycles.Records;

namespace Ias.Core.Cycles.Publishing;

/// <summary>deleted-files.log as the tree of the PR's "DELETED FILES - REVIEW CAREFULLY" section.</summary>
public static class DeletedFilesTree
{
    /// <summary>The heading a PR puts over the tree, so no reviewer scrolls past a deletion.</summary>
    private const string Heading = "## 🗑️ DELETED FILES - REVIEW CAREFULLY";

    /// <summary>A PR's deleted-files section: the tree under its heading with a count and a warning, or a line saying the <paramref name="work"/> (run, plan) deleted none.</summary>
    public static string PullRequestSection(IReadOnlyList<DeletedFile> deleted, string work)
    {
        ArgumentNullException.ThrowIfNull(deleted);
        return deleted.Count == 0
            ? $"## Deleted files\n\nNone: this {work} deleted no file.\n\n"
            : Heading + "\n\n"
                + string.Create(CultureInfo.InvariantCulture, $"**Total: {deleted.Count} file{(deleted.Count == 1 ? "" : "s")} deleted**\n\n")
                + "```\n" + Render(deleted) + "```\n\n"
                + "> ⚠️ These deletions are intentional but please verify they are correct.\n\n";
    }

    /// <summary>Top-level folders and files at the left edge, their contents drawn under them; a chain of lone folders is one line (src/legacy/).</summary>
    public static string Render(IEnumerable<DeletedFile> files)
    {
        var root = new Node();
        foreach (var f in files)
        {
            var parts = f.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var node = root;
            foreach (var dir in parts[..^1])
            {
                node = node.Dirs.TryGetValue(dir, out var child) ? child : node.Dirs[dir] = new Node();
            }

            node.Files.Add($"{parts[^1]} ({f.Sprint}, cycle-{f.Cycle})");
        }

        var sb = new StringBuilder();
        foreach (var (name, dir) in root.Dirs)
        {
            var (label, inner) = Collapse(name, dir);
            sb.Append(label).Append("/\n");
            Children(sb, inner, "");
        }

        foreach (var file in root.Files.Order(StringComparer.Ordinal))
        {
            sb.Append(file).Append('\n');
        }

        return sb.ToString();
    }

    private static void Children(StringBuilder sb, Node node, string prefix)
    {
        var entries = node.Dirs.Select(d => (Dir: (Node?)d.Value, Name: d.Key)).Concat(node.Files.Order(StringComparer.Ordinal).Select(f => (Dir: (Node?)null, Name: f))).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var last = i == entries.Count - 1;
            var (dir, name) = entries[i];
            sb.Append(prefix).Append(last ? "└── " : "├── ");
            if (dir is null)
            {
                sb.Append(name).Append('\n');
                continue;
            }

            var (label, inner) = Collapse(name, dir);
            sb.Append(label).Append("/\n");
            Children(sb, inner, prefix + (last ? "    " : "│   "));
        }
    }

    private static (string Label, Node Node) Collapse(string name, Node node)
    {
        while (node.Files.Count == 0 && node.Dirs.Count == 1)
        {
            var only = node.Dirs.First();
            name = $"{name}/{only.Key}";
            node = only.Value;
        }

        return (name, node);
    }

    private sealed class Node
    {
        public SortedDictionary<string, Node> Dirs { get; } = new(StringComparer.Ordinal);

        public List<string> Files { get; } = [];
    }
}
