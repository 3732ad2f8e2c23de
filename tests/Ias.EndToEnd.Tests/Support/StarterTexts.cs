using System.Text.RegularExpressions;
using Ias.Core.Scaffold;
using Ias.EndToEnd.Tests.Git;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// The person's step between setting a repository up and `ias run`: each starter `&lt;…&gt;` in the scaffold's files
/// written over and the result committed, as pre-flight asks.
/// </summary>
internal static partial class StarterTexts
{
    public static async Task FillInAsync(string root)
    {
        var files = ScaffoldProfile.Full.Files.Where(f => !f.Sectioned && File.Exists(Path.Combine(root, f.Path))).Select(f => f.Path).ToList();
        foreach (var file in files.Select(f => Path.Combine(root, f)))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, Angled().Replace(text, m => m.Value == "<…>" ? m.Value : "written by the person"));
        }

        await Shell.GitAsync(root, ["add", "--", .. files]);
        await Shell.GitAsync(root, "commit", "--quiet", "-m", "Write the scaffold's texts");
    }

    [GeneratedRegex(@"<[^<>\n]+>")]
    private static partial Regex Angled();
}
