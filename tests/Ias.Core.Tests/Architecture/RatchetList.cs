namespace Ias.Core.Tests.Architecture;

/// <summary>A ratchet's list of exceptions under the root: "# " comment lines, and "size key" lines that only go down.</summary>
internal static class RatchetList
{
    /// <summary>The listed keys and their sizes, from "size key" lines; blank lines and "#" lines are skipped.</summary>
    public static Dictionary<string, int> Parse(IEnumerable<string> lines) =>
        lines.Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[1], parts => int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The list at <paramref name="path"/>, relative to the root.</summary>
    public static Dictionary<string, int> Read(string path) => Parse(File.ReadAllLines(Path.Combine(Sources.Root, path)));

    public static void Write(string path, string text) => File.WriteAllText(Path.Combine(Sources.Root, path), text);
}
