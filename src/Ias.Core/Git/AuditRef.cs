using System.Security.Cryptography;
using System.Text;
using Ias.Core.Storage;

namespace Ias.Core.Git;

/// <summary>
/// A history of files kept on a ref of its own (refs/ias/runs/NAME) beside the branches: each record is a commit whose tree
/// holds the files as ias last wrote them, made through a private index, so neither the work tree, the index nor HEAD move
/// and no branch's history ever holds them. Only ias moves the ref: the commit it last wrote is kept in a file of its own,
/// and a ref that anyone else moved is refused, not built on.
/// </summary>
/// <param name="git">The repository's git.</param>
/// <param name="name">The full ref name, such as refs/ias/runs/night.</param>
/// <param name="stateFiles">Where ias keeps the ref's private index and last commit, out of the work tree (`.run/queue/night.audit`).</param>
public sealed class AuditRef(GitCli git, string name, string stateFiles)
{
    // Arguments per git call when many files change at once (a whole run's files at a runner's start).
    private const int Chunk = 500;

    private static readonly IReadOnlyDictionary<string, string> Identity = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "ias",
        ["GIT_AUTHOR_EMAIL"] = "ias@localhost",
        ["GIT_COMMITTER_NAME"] = "ias",
        ["GIT_COMMITTER_EMAIL"] = "ias@localhost",
    };

    // Whether the repository names its objects by SHA-256 rather than SHA-1, asked once.
    private bool? _sha256;

    private readonly Dictionary<string, string> _env = new(Identity) { ["GIT_INDEX_FILE"] = Path.GetFullPath(stateFiles + ".index") };

    /// <summary>Where ias keeps its audit trails among the refs: no branch and no tag, so no checkout, push or fetch of branches touches them.</summary>
    public const string Namespace = "refs/ias/runs/";

    public string Name => name;

    private string HeadFile => stateFiles + ".head";

    /// <summary>The commit ias last wrote on the ref; null before the first.</summary>
    public string? Head => File.Exists(HeadFile) ? File.ReadAllText(HeadFile).Trim() : null;

    /// <summary>Null when <paramref name="refName"/> is a name git accepts for a ref; otherwise why not.</summary>
    public static string? NameProblem(GitCli git, string refName) =>
        git.Try("check-ref-format", refName).Ok ? null : $"{refName} is not a name git accepts for a ref";

    /// <summary>
    /// Records <paramref name="files"/> (a path in the repository and its text; null removes the path) as one commit with
    /// <paramref name="message"/>. With <paramref name="replaceUnder"/> the files are every file under that folder, and any
    /// other path there is removed. Returns the new commit, or null when the files were already so.
    /// </summary>
    public string? Record(IReadOnlyDictionary<string, string?> files, string message, string? replaceUnder = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var (current, tree) = Current();
        if (Moved(current) is { } moved)
        {
            throw new InvalidOperationException(moved);
        }

        OwnerOnly.CreateFolder(Path.GetDirectoryName(Path.GetFullPath(stateFiles))!);
        try
        {
            return Write(files, message, replaceUnder, current, tree);
        }
        finally
        {
            // git makes its index as the umask says; the index names the run's files, which are for the owner alone.
            if (File.Exists(_env["GIT_INDEX_FILE"]) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_env["GIT_INDEX_FILE"], OwnerOnly.PrivateMode);
            }
        }
    }

    private string? Write(IReadOnlyDictionary<string, string?> files, string message, string? replaceUnder, string? current, string? tree)
    {
        Run(current is null ? ["read-tree", "--empty"] : ["read-tree", current]);
        var (added, removed) = Changes(files, replaceUnder);
        if (added.Count == 0 && removed.Count == 0)
        {
            return null;
        }

        WriteBlobs(added);
        foreach (var chunk in added.Chunk(Chunk))
        {
            Run(["update-index", "--add", .. chunk.SelectMany(a => new[] { "--cacheinfo", $"100644,{a.Sha},{a.Path}" })]);
        }

        foreach (var chunk in removed.Chunk(Chunk))
        {
            Run(["update-index", "--force-remove", "--", .. chunk]);
        }

        var newTree = Run(["write-tree"]).Trim();
        if (newTree == tree)
        {
            return null;
        }

        var commit = Run(current is null
            ? ["commit-tree", "--no-gpg-sign", newTree, "-m", message]
            : ["commit-tree", "--no-gpg-sign", newTree, "-p", current, "-m", message]).Trim();
        Run(["update-ref", "-m", "ias: " + message.Split('\n')[0], name, commit, current ?? new string('0', commit.Length)]);
        AtomicFile.Write(HeadFile, commit + "\n");
        return commit;
    }

    /// <summary>Null when the ref is where ias last left it (or neither has one yet); otherwise who moved it, and what to do.</summary>
    public string? Moved() => Moved(Current().Commit);

    private string? Moved(string? current)
    {
        var last = Head;
        if (current == last)
        {
            return null;
        }

        return current is null
            ? $"{name} was deleted outside ias (ias last wrote {Short(last!)}): put it back with `git update-ref {name} {last}`, or delete {HeadFile} to start it again"
            : last is null
                ? $"{name} exists but ias did not write it: look at it with `git log {name}`, then delete it with `git update-ref -d {name}`, or keep it by writing {current} into {HeadFile}"
                : $"{name} was moved outside ias from {Short(last)} to {Short(current)}: look at it with `git log {name}`, then put it back with `git update-ref {name} {last}`";
    }

    // The ref's commit and tree now, in one git; both null before the first record.
    private (string? Commit, string? Tree) Current()
    {
        var r = git.Try("rev-parse", name + "^{commit}", name + "^{tree}");
        if (!r.Ok)
        {
            return (null, null);
        }

        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0], lines[1]);
    }

    // What to add (path, blob id, text) and remove against the private index, which holds the ref's tree now.
    private (List<(string Path, string Sha, string Text)> Added, List<string> Removed) Changes(IReadOnlyDictionary<string, string?> files, string? replaceUnder)
    {
        var now = Entries(replaceUnder is null ? files.Keys : [replaceUnder]);
        var sha256 = _sha256 ??= Run(["rev-parse", "--show-object-format"]).Trim() == "sha256";
        var added = new List<(string, string, string)>();
        var removed = new List<string>();
        foreach (var (path, text) in files)
        {
            if (text is null)
            {
                if (now.ContainsKey(path))
                {
                    removed.Add(path);
                }

                continue;
            }

            var sha = BlobId(text, sha256);
            if (now.GetValueOrDefault(path) != sha)
            {
                added.Add((path, sha, text));
            }
        }

        if (replaceUnder is not null)
        {
            removed.AddRange(now.Keys.Where(p => !files.ContainsKey(p)));
        }

        return (added, removed);
    }

    // The private index's entries for the given paths (a folder names everything under it): path and blob id.
    private Dictionary<string, string> Entries(IEnumerable<string> paths)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in paths.Chunk(Chunk))
        {
            foreach (var line in Run(["ls-files", "--stage", "-z", "--", .. chunk]).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                // "<mode> <sha> <stage>\t<path>"
                var tab = line.IndexOf('\t');
                entries[line[(tab + 1)..]] = line.Split(' ')[1];
            }
        }

        return entries;
    }

    // The texts written as blobs through files of ias's own (git hashes files named on its command line), checked against the ids computed here.
    private void WriteBlobs(List<(string Path, string Sha, string Text)> added)
    {
        var folder = stateFiles + ".blobs";
        OwnerOnly.CreateFolder(folder);
        try
        {
            foreach (var chunk in added.Chunk(Chunk))
            {
                var names = chunk.Select((a, i) => Path.Combine(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                for (var i = 0; i < chunk.Length; i++)
                {
                    OwnerOnly.WriteAllText(names[i], chunk[i].Text);
                }

                var written = Run(["hash-object", "-w", "--no-filters", "--", .. names]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (!written.SequenceEqual(chunk.Select(a => a.Sha)))
                {
                    throw new GitException("hash-object", $"git wrote other blobs than the texts of {name}; nothing was recorded");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The id git gives a blob of <paramref name="text"/> in UTF-8.</summary>
    public static string BlobId(string text, bool sha256 = false)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var bytes = Encoding.ASCII.GetBytes($"blob {body.Length}\0").Concat(body).ToArray();
        return Convert.ToHexStringLower(sha256 ? SHA256.HashData(bytes) : SHA1.HashData(bytes));
    }

    private string Run(string[] args)
    {
        var r = git.TryWith(_env, args);
        return r.Ok ? r.Stdout : throw new GitException(args[0], (r.Stderr.Trim().Length > 0 ? r.Stderr : $"exit code {r.ExitCode}").Trim().ReplaceLineEndings(" "));
    }

    private static string Short(string sha) => sha[..Math.Min(12, sha.Length)];
}
