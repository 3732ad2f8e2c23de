namespace Ias.Core.Cycles;

/// <summary>Cutting an agent's text down to what a commit subject, an event or a prompt line shows.</summary>
internal static class RunText
{
    public static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
