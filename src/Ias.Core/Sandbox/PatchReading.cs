using System.Globalization;
using System.Text;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// A checked patch as git itself reads it: the paths `git apply` would touch, and the tree as it would stand after, so
/// the engine's judgement is made on git's reading, never on a split of its own that git might read otherwise.
/// </summary>
/// <remarks>
/// Everything runs in the checkout with the engine's git and a throwaway index; nothing of the workspace is read.
/// </remarks>
internal static class PatchReading
{
    /// <summary>git's checks for every spelling of `.git` and `.gitmodules` that HFS+ or NTFS would read as one, on Linux too.</summary>
    public static readonly IReadOnlyList<string> Protect = ["-c", "core.protectHFS=true", "-c", "core.protectNTFS=true"];

    private static readonly HashSet<string> Modes = ["100644", "100755", "120000"];

    /// <summary>Judges <paramref name="patchFile"/> (the sections <paramref name="check"/> accepted) as git reads it against <paramref name="baseCommit"/>.</summary>
    public static PatchVerdict Judge(GitCli git, string baseCommit, string patchFile, PatchCheck check, PatchRules rules, string scratch)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(check);
        var index = Path.Combine(scratch, "reading.index");
        File.Delete(index);
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        try
        {
            if (git.TryWith(env, "read-tree", baseCommit) is { Ok: false } noTree)
            {
                return PatchVerdict.Refuse($"git could not read the turn's base {baseCommit[..Math.Min(7, baseCommit.Length)]} ({OneLine(noTree.Stderr)})");
            }

            // One git both says which paths it reads in the patch and applies it to a throwaway index on the base.
            var (applied, statOut) = git.TryBytes(env, null, [.. Protect, "apply", "--cached", "--binary", "--whitespace=nowarn", "--numstat", "-z", "--apply", patchFile]);
            if (!applied.Ok)
            {
                return new PatchVerdict(null, OneLine(applied.Stderr), []);
            }

            var (touched, renamed) = NumStat(statOut);
            if (renamed is { } rename)
            {
                return PatchVerdict.Refuse($"git reads a rename or copy of {rename} in it, which no patch written by ias holds");
            }

            var named = check.Paths;
            if (touched.FirstOrDefault(p => !named.Contains(p)) is { } hidden)
            {
                return PatchVerdict.Refuse($"git would also write {ShortText.CutAfter(hidden, 120)}, which none of its file headers names");
            }

            if (named.FirstOrDefault(p => !touched.Contains(p)) is { } missing)
            {
                return PatchVerdict.Refuse($"its header for {ShortText.CutAfter(missing, 120)} holds no change git would make");
            }

            if (touched.Select(p => (p, TurnPatch.PathProblem(p, rules))).FirstOrDefault(t => t.Item2 is not null) is ({ } bad, { } why))
            {
                return PatchVerdict.Refuse($"git reads a path {ShortText.CutAfter(bad, 120)} in it: {why}");
            }

            return After(git, env, touched, rules);
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>The tree as it would stand: each touched path's mode as git would write it, and every link walked as the kernel walks it.</summary>
    private static PatchVerdict After(GitCli git, Dictionary<string, string> env, HashSet<string> touched, PatchRules rules)
    {
        var (listed, listing) = git.TryBytes(env, null, "ls-files", "--stage", "-z");
        if (!listed.Ok)
        {
            return PatchVerdict.Refuse($"git could not list the tree it would make ({OneLine(listed.Stderr)})");
        }

        var refused = new List<PatchRefusal>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (mode, sha, path) in Entries(listing))
        {
            if (touched.Contains(path) && !Modes.Contains(mode))
            {
                refused.Add(new PatchRefusal(path, mode == "160000"
                    ? "a gitlink (a nested repository), which the engine never takes from an agent"
                    : $"mode {mode} as git reads it: only a file (100644), an executable (100755) or a link (120000) leave the box"));
            }
            else if (mode == "120000")
            {
                links[path] = sha;
            }
        }

        if (links.Count > 0 && Targets(git, links) is { } targets)
        {
            refused.AddRange(LinkWalk.Judge(targets, touched, rules));
        }
        else if (links.Count > 0)
        {
            return PatchVerdict.Refuse("git could not read the targets of the tree's links");
        }

        return new PatchVerdict(null, null, refused);
    }

    /// <summary>`git apply --numstat -z`: each touched path once; the first rename or copy git read, if any.</summary>
    private static (HashSet<string> Touched, string? Renamed) NumStat(byte[] output)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var fields = Encoding.UTF8.GetString(output).Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length == 0)
            {
                continue;
            }

            var parts = field.Split('\t', 3);
            if (parts.Length < 3)
            {
                return (touched, field);
            }

            if (parts[2].Length == 0)
            {
                // A rename or copy: its two paths follow as fields of their own.
                return (touched, i + 2 < fields.Length ? fields[i + 1] + " -> " + fields[i + 2] : field);
            }

            touched.Add(parts[2]);
        }

        return (touched, null);
    }

    /// <summary>`git ls-files --stage -z`: mode, object and path of each entry.</summary>
    private static IEnumerable<(string Mode, string Sha, string Path)> Entries(byte[] listing)
    {
        foreach (var entry in Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var head = entry[..Math.Max(tab, 0)].Split(' ');
            if (tab > 0 && head.Length == 3)
            {
                yield return (head[0], head[1], entry[(tab + 1)..]);
            }
        }
    }

    /// <summary>Each link's target, read from its blob in one `git cat-file --batch`; null when git could not answer.</summary>
    private static Dictionary<string, string>? Targets(GitCli git, Dictionary<string, string> links)
    {
        var shas = links.Values.Distinct(StringComparer.Ordinal).ToList();
        var (r, output) = git.TryBytes(new Dictionary<string, string>(), Encoding.ASCII.GetBytes(string.Join('\n', shas) + "\n"), "cat-file", "--batch");
        if (!r.Ok)
        {
            return null;
        }

        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        foreach (var sha in shas)
        {
            var end = Array.IndexOf(output, (byte)'\n', at);
            var head = end < 0 ? [] : Encoding.ASCII.GetString(output, at, end - at).Split(' ');
            if (head is not [var got, "blob", var size] || got != sha || !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || end + 1 + length > output.Length)
            {
                return null;
            }

            blobs[sha] = Encoding.UTF8.GetString(output, end + 1, length);
            at = end + 1 + length + 1;
        }

        return links.ToDictionary(l => l.Key, l => blobs[l.Value], StringComparer.Ordinal);
    }

    private static string OneLine(string text) => text.Trim().ReplaceLineEndings(" ") is { Length: > 0 } t ? ShortText.CutAfter(t, 200) : "no reason given";
}

/// <summary>git's reading of a patch: a reason to refuse all of it, or the words of an apply that failed, or the files to refuse.</summary>
internal sealed record PatchVerdict(string? Whole, string? DoesNotApply, IReadOnlyList<PatchRefusal> Refused)
{
    public static PatchVerdict Refuse(string why) => new(why, null, []);
}
