using System.Globalization;
using System.Text;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// The turn's change as it leaves the box: a binary patch (`git diff --binary --full-index --no-renames`) read as data,
/// split into one section per file, and each section checked before the engine applies any of it to the checkout. A
/// section is refused when its path leaves the tree, names git's own folder in any spelling git treats as `.git`, is ias's
/// own file or a file the engine's git reads (its config, its hooks), declares a nested repository; when its mode is a
/// gitlink or anything but a file, an executable or a link; when a link points outside the tree or into those places; or
/// when a binary file is larger than the limit.
/// </summary>
public static class TurnPatch
{
    private const string DiffHeader = "diff --git ";

    /// <summary>ias's own files in the tree, which only the engine writes.</summary>
    public static readonly IReadOnlyList<string> OwnFiles = [".run", ".ias", ".loa.config.yaml", "docs/ias/runs"];

    private static readonly HashSet<string> Modes = ["100644", "100755", "120000"];

    /// <summary>Splits <paramref name="patch"/> into sections and keeps those <paramref name="rules"/> accept.</summary>
    public static PatchCheck Check(ReadOnlySpan<byte> patch, PatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // Latin-1 maps every byte to one char and back, so what is applied is byte for byte what git wrote.
        var text = Encoding.Latin1.GetString(patch);
        var accepted = new List<PatchSection>();
        var refused = new List<PatchRefusal>();
        var files = 0;
        foreach (var section in Sections(text))
        {
            files++;
            var (path, why) = Judge(section, rules);
            if (why is null)
            {
                accepted.Add(new PatchSection(path, Encoding.Latin1.GetBytes(section)));
            }
            else
            {
                refused.Add(new PatchRefusal(path, why));
            }
        }

        return new PatchCheck(accepted, refused, files);
    }

    private static IEnumerable<string> Sections(string text)
    {
        var start = -1;
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            var next = end < 0 ? text.Length : end + 1;
            if (string.CompareOrdinal(text, at, DiffHeader, 0, DiffHeader.Length) == 0)
            {
                if (start >= 0)
                {
                    yield return text[start..at];
                }

                start = at;
            }
            else if (start < 0 && text.AsSpan(at, next - at).Trim().Length > 0)
            {
                // Text before the first section is no part of any file's change; a section of its own refuses it.
                start = at;
            }

            at = next;
        }

        if (start >= 0)
        {
            yield return text[start..];
        }
    }

    private static (string Path, string? Why) Judge(string section, PatchRules rules)
    {
        var lines = section.Split('\n');
        if (!lines[0].StartsWith(DiffHeader, StringComparison.Ordinal))
        {
            return ("(before the first file)", "text that is no file's change");
        }

        if (HeaderPath(lines[0][DiffHeader.Length..]) is not { } path)
        {
            return (ShortText.CutAfter(lines[0], 80), "a header whose path ias cannot read as one path");
        }

        if (PathProblem(path, rules) is { } bad)
        {
            return (path, bad);
        }

        string? newMode = null;
        var inHunk = false;
        var binary = false;
        foreach (var line in lines.Skip(1))
        {
            if (!inHunk && Word(line, "new file mode ", "new mode ", "old mode ", "deleted file mode ") is var (word, mode))
            {
                if (mode == "160000")
                {
                    return (path, "a gitlink (a nested repository), which the engine never takes from an agent");
                }

                if (word is "new file mode " or "new mode " && !Modes.Contains(mode))
                {
                    return (path, $"mode {mode}: only a file (100644), an executable (100755) or a link (120000) leave the box");
                }

                newMode = word is "new file mode " or "new mode " ? mode : newMode;
            }
            else if (!inHunk && line.StartsWith("index ", StringComparison.Ordinal) && line.Split(' ') is [_, _, var indexMode])
            {
                if (indexMode == "160000")
                {
                    return (path, "a gitlink (a nested repository), which the engine never takes from an agent");
                }

                newMode ??= indexMode;
            }
            else if (!inHunk && (line.StartsWith("rename ", StringComparison.Ordinal) || line.StartsWith("copy ", StringComparison.Ordinal)))
            {
                return (path, "a rename or copy, which a patch written by ias never holds");
            }
            else if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                inHunk = true;
            }
            else if (line == "GIT binary patch")
            {
                binary = true;
                inHunk = true;
            }
            else if (binary && Word(line, "literal ", "delta ") is var (_, size)
                && (!long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes > rules.MaxFileBytes))
            {
                return (path, $"a binary file of {size} bytes, more than the {rules.MaxFileBytes} a file from the box may hold");
            }
        }

        // Where a link leads is judged on the tree as git will have it (LinkWalk), never on the target's text alone.
        if (newMode == "120000" && binary)
        {
            return (path, "a link whose target is binary");
        }

        return (path, null);
    }

    /// <summary>Why <paramref name="path"/> may not be written from the box; null when it may.</summary>
    public static string? PathProblem(string path, PatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rules);
        if (path.Length == 0 || path.StartsWith('/'))
        {
            return "a path that is empty or absolute";
        }

        if (path.Any(c => char.IsControl(c)))
        {
            return "a path holding a control character (a newline, a tab)";
        }

        var parts = path.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
        {
            return "a path with an empty, `.` or `..` part";
        }

        foreach (var part in parts)
        {
            var name = GitName(part);
            if (name is ".git" || ShortName(name, "git", 1))
            {
                return "a path through git's own folder (.git, in any spelling git reads as it)";
            }

            if (name == ".gitmodules" || ShortName(name, "gitmod", 4) || ShortName(name, "gi7eba", 9))
            {
                return "a .gitmodules file, which declares nested repositories";
            }
        }

        foreach (var own in OwnFiles)
        {
            if (Under(path, own))
            {
                return $"ias's own file ({own}), which only the engine writes";
            }
        }

        foreach (var read in rules.EngineGitFiles)
        {
            if (Under(path, read))
            {
                return $"a file the engine's git reads ({read}: its config or its hooks)";
            }
        }

        return null;
    }

    /// <summary>A path part as git compares it with `.git` on HFS and NTFS: ignorable characters gone, case folded, stream and trailing dots cut.</summary>
    private static string GitName(string part)
    {
        // HFS+ ignores these code points in names (git's is_hfs_dotgit list); NTFS ignores trailing dots and spaces and
        // reads `name:stream` as `name`.
        var kept = new string([.. part.Where(c => !(c is >= '\u200C' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u206A' and <= '\u206F' or '\uFEFF' or '\u200B'))]);
        var stream = kept.IndexOf(':', StringComparison.Ordinal);
        return (stream < 0 ? kept : kept[..stream]).TrimEnd('.', ' ').ToLowerInvariant();
    }

    /// <summary>NTFS's 8.3 names for `.git` and `.gitmodules` (`git~1`, `gitmod~1`…`gitmod~4`, and the hashed `gi7eba~N`) as git lists them.</summary>
    private static bool ShortName(string name, string stem, int most) =>
        name.Length == stem.Length + 2 && name.StartsWith(stem + "~", StringComparison.Ordinal) && name[^1] is >= '1' and <= '9' && name[^1] - '0' <= most;

    private static bool Under(string path, string area) =>
        path == area || path.StartsWith(area + "/", StringComparison.Ordinal);

    /// <summary>The path of `diff --git a/P b/P` (with --no-renames both halves are the same path), unquoted as git quotes it.</summary>
    private static string? HeaderPath(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var (a, used) = Unquote(rest);
            if (a is null || used + 1 >= rest.Length || rest[used] != ' ')
            {
                return null;
            }

            var (b, usedB) = Unquote(rest[(used + 1)..]);
            return a.StartsWith("a/", StringComparison.Ordinal) && b == "b/" + a[2..] && used + 1 + usedB == rest.Length ? a[2..] : null;
        }

        if (rest.Length < 5 || (rest.Length - 5) % 2 != 0)
        {
            return null;
        }

        var n = (rest.Length - 5) / 2;
        var first = rest[2..(2 + n)];
        return rest.StartsWith("a/", StringComparison.Ordinal) && rest[(2 + n)..] == " b/" + first ? Decode(first) : null;
    }

    /// <summary>A C-quoted string as git writes it; the decoded text and how many characters it took.</summary>
    private static (string? Text, int Used) Unquote(string s)
    {
        var bytes = new List<byte>();
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                return (Encoding.UTF8.GetString([.. bytes]), i + 1);
            }

            if (c != '\\')
            {
                bytes.Add((byte)c);
                continue;
            }

            if (++i >= s.Length)
            {
                return (null, 0);
            }

            var e = s[i];
            if (e is >= '0' and <= '3' && i + 2 < s.Length)
            {
                bytes.Add((byte)Convert.ToInt32(s.Substring(i, 3), 8));
                i += 2;
                continue;
            }

            bytes.Add(e switch
            {
                'a' => 7,
                'b' => 8,
                't' => 9,
                'n' => 10,
                'v' => 11,
                'f' => 12,
                'r' => 13,
                _ => (byte)e,
            });
        }

        return (null, 0);
    }

    /// <summary>Bytes read as Latin-1, read again as the UTF-8 they are.</summary>
    private static string Decode(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    private static (string Word, string Value)? Word(string line, params string[] words)
    {
        foreach (var w in words)
        {
            if (line.StartsWith(w, StringComparison.Ordinal))
            {
                return (w, line[w.Length..].Trim());
            }
        }

        return null;
    }

}

/// <summary>What a patch from the box may not touch besides git's folder and ias's own files, and how large a file may be.</summary>
/// <param name="EngineGitFiles">Paths in the tree the engine's git reads: an included config file, an in-tree hooks folder.</param>
/// <param name="MaxFileBytes">The largest binary file a patch may carry.</param>
public sealed record PatchRules(IReadOnlyList<string> EngineGitFiles, long MaxFileBytes);

/// <summary>One section refused: its path and why, as one line.</summary>
public sealed record PatchRefusal(string Path, string Why);

/// <summary>One file's section of a patch: the path its header names and its bytes as git wrote them.</summary>
public sealed record PatchSection(string Path, byte[] Bytes);

/// <summary>The sections accepted; those refused; how many files the patch touched.</summary>
public sealed record PatchCheck(IReadOnlyList<PatchSection> Sections, IReadOnlyList<PatchRefusal> Refused, int Files)
{
    /// <summary>The accepted sections together: the patch to apply, byte for byte what git wrote for them.</summary>
    public byte[] Accepted => [.. Sections.SelectMany(s => s.Bytes)];

    /// <summary>The paths the accepted sections' headers name.</summary>
    public IReadOnlySet<string> Paths => Sections.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);

    /// <summary>This check with <paramref name="more"/> refused as well: their sections leave the accepted patch.</summary>
    public PatchCheck Without(IReadOnlyCollection<PatchRefusal> more)
    {
        var paths = more.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        return this with { Sections = [.. Sections.Where(s => !paths.Contains(s.Path))], Refused = [.. Refused, .. more] };
    }
}
