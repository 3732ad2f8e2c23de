using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>The agents' homes, one per role: what one role leaves in its home (a `~/.bashrc`, a hook in its CLI's settings) never runs in another's turn.</summary>
/// <remarks>
/// `.run/home/&lt;name&gt;/` is the role's $HOME, kept across its turns so its caches survive. Its CLI's folders (`~/.claude`,
/// `~/.codex`, `~/.gemini`) are the role's own copies under `.run/home/&lt;name&gt;.cli/`, at their full paths, seeded from the
/// user's the first time the role needs them and bound over the real ones, so its sessions survive for a resume and
/// nothing it writes there reaches the user's CLI or another role. Only the token files the CLI refreshes stay the user's
/// own (<see cref="AgentNeeds.Tokens"/>). The engine writes only where no agent reaches: a copy is made beside its place
/// and moved there whole, never into a folder an agent could have changed.
/// </remarks>
public static class BoxHomes
{
    /// <summary>The home of the engine's own git in a workspace: no agent's.</summary>
    public const string Git = "git";

    /// <summary>The home of the project's test command, which judges the implementer's work.</summary>
    public const string Tests = "tests";

    /// <summary>The home of a box nobody named.</summary>
    public const string Other = "other";

    private const string CopiesSuffix = ".cli";

    /// <summary>The home of a run's role (implementer, reviewer, auditor, red_team, e2e_tester, triager): its own name.</summary>
    public static string ForRole(string wire) => Checked(wire);

    /// <summary>A queue job's home: one per role name and write access, apart from a run's roles (`queue-reviewer-reads`).</summary>
    public static string ForQueueJob(string role, bool writes) => Checked($"queue-{role}-{(writes ? "writes" : "reads")}");

    /// <summary>The home named <paramref name="name"/> in <paramref name="homes"/> (`.run/home/`).</summary>
    public static string HomeOf(string homes, string name) => Path.Combine(homes, Checked(name));

    /// <summary>Where home <paramref name="name"/> keeps its copy of the CLI path <paramref name="path"/>: `.run/home/&lt;name&gt;.cli/&lt;path&gt;`.</summary>
    public static string CopyOf(string homes, string name, string path) =>
        Path.Combine(homes, Checked(name) + CopiesSuffix, Path.GetFullPath(path).TrimStart('/'));

    /// <summary>The binds that show the turn's CLI its home's own copies (each seeded now if it is not there yet), then the user's token files inside them.</summary>
    internal static List<(string Source, string Target)> CliBinds(string homes, string home, BoxTurn turn)
    {
        var leftOut = new HashSet<string>(turn.Tokens.Concat(turn.History).Select(p => Path.GetFullPath(p)), StringComparer.Ordinal);
        var binds = new List<(string Source, string Target)>();
        foreach (var path in turn.Home.Select(p => Path.GetFullPath(p)).Distinct(StringComparer.Ordinal))
        {
            var copy = CopyOf(homes, turn.HomeName, path);
            Seed(path, copy, leftOut);

            // Outside the home the box has no folder of its own to make a mount point in: the real path must be there.
            if (Path.Exists(copy) && (AgentBox.Under(path, home) || Path.Exists(path)))
            {
                binds.Add((copy, path));
            }
        }

        var copied = binds.Select(b => b.Target).ToList();
        foreach (var token in turn.Tokens.Select(p => Path.GetFullPath(p)).Distinct(StringComparer.Ordinal).Where(File.Exists))
        {
            if (copied.Any(c => token != c && AgentBox.Under(token, c)))
            {
                binds.Add((token, token));
            }
        }

        return binds;
    }

    /// <summary>Copies the user's <paramref name="real"/> to <paramref name="copy"/> when there is no copy yet; kept as the role left it after that.</summary>
    private static void Seed(string real, string copy, HashSet<string> leftOut)
    {
        if (Path.Exists(copy) || new FileInfo(copy).LinkTarget is not null || !Path.Exists(real))
        {
            return;
        }

        var parent = Path.GetDirectoryName(copy)!;
        OwnerOnly.CreateFolder(parent);
        var temp = Path.Combine(parent, ".seed-" + Guid.NewGuid().ToString("N"));
        try
        {
            Copy(real, temp, leftOut, new HashSet<string>(StringComparer.Ordinal));
            if (Directory.Exists(temp))
            {
                Directory.Move(temp, copy);
            }
            else if (File.Exists(temp))
            {
                File.Move(temp, copy);
            }
        }
        catch (IOException) when (Path.Exists(copy))
        {
            // Another engine of this checkout seeded the same copy first: its copy stands.
        }
        finally
        {
            AgentFile.Remove(temp);
        }
    }

    /// <summary>Copies <paramref name="source"/> (the user's own: links followed, once each) to <paramref name="target"/>, for its owner alone.</summary>
    private static void Copy(string source, string target, HashSet<string> leftOut, HashSet<string> seen)
    {
        string real;
        try
        {
            real = File.ResolveLinkTarget(source, returnFinalTarget: true)?.FullName ?? source;
        }
        catch (IOException)
        {
            return;
        }

        try
        {
            if (Directory.Exists(real))
            {
                if (!seen.Add(Path.GetFullPath(real)))
                {
                    return;
                }

                OwnerOnly.CreateFolder(target);
                foreach (var name in Directory.EnumerateFileSystemEntries(real).Select(Path.GetFileName).OfType<string>())
                {
                    var child = Path.Combine(source, name);
                    if (!leftOut.Contains(child))
                    {
                        Copy(child, Path.Combine(target, name), leftOut, seen);
                    }
                }
            }
            else if (FileStat.Of(real) is { IsRegularFile: true })
            {
                // A hook script keeps its execute bit; group and other lose every right.
                File.Copy(real, target);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, File.GetUnixFileMode(real) & OwnerOnly.FolderMode);
                }
            }

            // Anything else (a socket, a FIFO, a device, a dangling link) is no setting of a CLI's: left out.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What the user's own account cannot read is no login state of theirs either.
        }
    }

    /// <summary>A home's name is a folder's: a run's role or a queue's role name as the queue checks it, never a path.</summary>
    private static string Checked(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') && char.IsAsciiLetterLower(name[0])
            ? name
            : throw new ArgumentException($"\"{name}\" cannot name an agent's home", nameof(name));
}
