using Ias.Core.Config;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// Where a prompt file named on the command line may be read from: inside the repository, every symbolic link resolved,
/// unless the user passes `--allow-outside`. A prompt is copied into the queue, the runner folder and the job's
/// prompt.md, and sent to the agent's model: a mistyped or planted path must not carry a file such as /etc/shadow there.
/// </summary>
public static class PromptFileScope
{
    private const int MostLinks = 40; // as the kernel allows in one path

    /// <summary>
    /// The text of the prompt file <paramref name="file"/> (relative to <paramref name="from"/>, the current folder unless
    /// given), refused in one line when it is missing, over the prompt size limit, or outside the repository without
    /// <paramref name="allowOutside"/>.
    /// </summary>
    public static string Read(string repoRoot, string file, bool allowOutside, string? from = null) =>
        InputLimits.PromptFile.ReadText(Resolve(repoRoot, file, allowOutside, from), file, message => new QueueException(message));

    /// <summary>The real path of <paramref name="file"/>; throws when it does not exist, or lies outside <paramref name="repoRoot"/> without <paramref name="allowOutside"/>.</summary>
    public static string Resolve(string repoRoot, string file, bool allowOutside, string? from = null)
    {
        ArgumentNullException.ThrowIfNull(file);

        // Absolute but not normalised (as .NET's own file calls would): "link/.." must go where the kernel takes it.
        var full = Path.IsPathRooted(file) ? file : Path.Combine(from ?? Environment.CurrentDirectory, file);
        var real = RealPath(full);
        if (!File.Exists(real))
        {
            throw new QueueException($"prompt file {file} not found: pass the path of an existing file");
        }

        var root = RealPath(Path.GetFullPath(repoRoot));
        if (!allowOutside && !IsUnder(real, root))
        {
            var via = real == Path.GetFullPath(full) ? "" : $" (it leads to {real})";
            throw new QueueException($"prompt file {file} is outside the repository {root}{via}: copy it into the repository, or pass --allow-outside to read it from there");
        }

        return real;
    }

    /// <summary>
    /// An absolute path with every symbolic link resolved as the kernel does (a link's ".." leaves the link's target, not
    /// the folder holding the link), so the check sees the file that will be opened.
    /// </summary>
    public static string RealPath(string absolute)
    {
        var pending = new Stack<string>(absolute.Split('/').Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(part));
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MostLinks)
            {
                throw new QueueException($"{absolute}: too many levels of symbolic links; pass the file's own path");
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var next in target.Split('/').Reverse())
            {
                pending.Push(next);
            }
        }

        return "/" + string.Join('/', resolved);
    }

    private static bool IsUnder(string path, string root) =>
        root == "/" || path.StartsWith(root + "/", StringComparison.Ordinal);
}
