using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>Links judged as the kernel follows them: a target is walked part by part through the tree's other links.</summary>
/// <remarks>
/// Text alone misleads: `a/b/c/d/up -> ../../../..` names the tree's root, so `up/../../../../x` leaves the tree though
/// `..` four times after `a/b/c/d/up` reads as `a`. The walk sees what the kernel sees. A part the tree does not hold is
/// taken for a folder: if a later change makes it a link, that change is walked again then.
/// </remarks>
internal static class LinkWalk
{
    /// <summary>The kernel's own limit on links followed in one lookup (ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>Why the patch's paths may not stand as the tree will have them: links that leave it or enter its guarded places.</summary>
    /// <param name="links">Every link of the tree after the patch, by path, with its target.</param>
    /// <param name="touched">The paths the patch writes or deletes.</param>
    /// <param name="rules">What a path from the box may not name.</param>
    public static List<PatchRefusal> Judge(IReadOnlyDictionary<string, string> links, IReadOnlySet<string> touched, PatchRules rules)
    {
        var near = Near(touched);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (link, target) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var end = Follow(link, links);
            var involved = end.Visited.Where(near.Contains).ToList();
            if (involved.Count == 0 || Problem(target, end, rules) is not { } why)
            {
                // A link the patch neither makes nor leads through is the person's own, whatever it names.
                continue;
            }

            if (touched.Contains(link))
            {
                refused.TryAdd(link, why);
                continue;
            }

            foreach (var path in touched.Where(t => involved.Any(v => t == v || t.StartsWith(v + "/", StringComparison.Ordinal))))
            {
                refused.TryAdd(path, $"it would make the link {link} lead elsewhere: {why}");
            }
        }

        return [.. refused.Select(r => new PatchRefusal(r.Key, r.Value))];
    }

    /// <summary>Where following <paramref name="link"/> ends, and every path of the tree it stepped on (the link first).</summary>
    public static LinkEnd Follow(string link, IReadOnlyDictionary<string, string> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var at = new List<string>(link.Split('/').SkipLast(1));
        var visited = new List<string> { link };
        var left = new LinkedList<string>();
        if (!Enter(links[link], left))
        {
            return new LinkEnd(null, false, visited);
        }

        var hops = 1;
        while (left.First is { } next)
        {
            left.RemoveFirst();
            var part = next.Value;
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (at.Count == 0)
                {
                    return new LinkEnd(null, false, visited);
                }

                at.RemoveAt(at.Count - 1);
                continue;
            }

            var path = at.Count == 0 ? part : string.Join('/', at) + "/" + part;
            visited.Add(path);
            if (links.TryGetValue(path, out var target))
            {
                // The kernel reads the link's target from the folder the link is in, which is where `at` stands.
                if (++hops > MaxLinks)
                {
                    return new LinkEnd(null, true, visited);
                }

                if (!Enter(target, left))
                {
                    return new LinkEnd(null, false, visited);
                }

                continue;
            }

            at.Add(part);
        }

        return new LinkEnd(string.Join('/', at), false, visited);
    }

    /// <summary>Puts a relative target's parts before what is left to walk; false for a target that starts outside the tree.</summary>
    private static bool Enter(string target, LinkedList<string> left)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in target.Split('/').Reverse())
        {
            left.AddFirst(part);
        }

        return true;
    }

    private static string? Problem(string target, LinkEnd end, PatchRules rules)
    {
        var shown = ShortText.CutAfter(target, 80);
        if (end.Loop)
        {
            return $"a link to {shown}, a loop of more than {MaxLinks} links";
        }

        if (end.Path is not { } path)
        {
            return $"a link to {shown}, outside the tree (followed as the kernel follows it)";
        }

        return path.Length > 0 && TurnPatch.PathProblem(path, rules) is { } into ? $"a link to {shown}, which leads to {path}: {into}" : null;
    }

    /// <summary>The touched paths and every folder above them: a link that walks through one of them depends on the patch.</summary>
    private static HashSet<string> Near(IReadOnlySet<string> touched)
    {
        var near = new HashSet<string>(touched, StringComparer.Ordinal);
        foreach (var path in touched)
        {
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                near.Add(path[..slash]);
            }
        }

        return near;
    }
}

/// <summary>Where a link leads: a path in the tree ("" for its root), or null when it leaves the tree or loops; the paths it stepped on.</summary>
internal sealed record LinkEnd(string? Path, bool Loop, IReadOnlyList<string> Visited);
