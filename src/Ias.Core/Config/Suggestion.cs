namespace Ias.Core.Config;

/// <summary>The "did you mean" of a mistyped name: the known name closest to it, if one is close.</summary>
public static class Suggestion
{
    // Fewer letters than this make a prefix that fits too much to point at one name.
    private const int ShortestPrefix = 3;

    /// <summary>The known name <paramref name="typed"/> most likely meant, or null when none is close.</summary>
    /// <remarks>
    /// Close is at most two edits and at most a third of the typed length (so "ab" is never "run"), or else a name that
    /// starts with at least three typed letters ("stat" for "status"). Case is ignored; a tie goes to the earlier name.
    /// </remarks>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        if (typed.Length == 0)
        {
            return null;
        }

        var names = known.ToList();
        var limit = Math.Min(2, typed.Length / 3);
        string? best = null;
        var bestDistance = limit + 1;
        foreach (var name in names)
        {
            // A length that differs by more than the limit is too far already, and a huge typed word costs nothing.
            if (Math.Abs(name.Length - typed.Length) < bestDistance && Distance(typed, name) is var d && d < bestDistance)
            {
                (best, bestDistance) = (name, d);
            }
        }

        return best ?? (typed.Length >= ShortestPrefix ? names.FirstOrDefault(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) : null);
    }

    /// <summary>How many edits turn <paramref name="a"/> into <paramref name="b"/>, ignoring case; an edit is one letter added, removed, changed, or two neighbours swapped.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        // Three rows of the table of distances between prefixes, as a swap looks two letters back.
        var older = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var change = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + change);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    current[j] = Math.Min(current[j], older[j - 2] + 1);
                }
            }

            (older, previous, current) = (previous, current, older);
        }

        return previous[b.Length];
    }

    private static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
}
