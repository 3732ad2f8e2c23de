using Ias.Core.Storage;

namespace Ias.Core.Scaffold;

/// <summary>
/// The scaffold in one repository: how each file of a profile stands, writing what is missing (never over a person's
/// file: only new files, and the ias section of AGENTS.md and CLAUDE.md), and the line that points a prompt at it.
/// </summary>
public static class RepoScaffold
{
    // A person's AGENTS.md is prose; anything larger is not one ias should rewrite.
    private const long MaxBytes = 1024 * 1024;

    /// <summary>How each file of <paramref name="profile"/> stands in the repository at <paramref name="root"/>.</summary>
    public static IReadOnlyList<ScaffoldEntry> Look(string root, ScaffoldProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return [.. profile.Files.Select(f => Look(root, f))];
    }

    /// <summary>How <paramref name="file"/> stands in the repository at <paramref name="root"/>.</summary>
    public static ScaffoldEntry Look(string root, ScaffoldFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var read = AgentFile.Read(Path.Combine(root, file.Path), MaxBytes, under: root);
        if (read.Refused is { } why)
        {
            return new(file, ScaffoldState.Refused, why);
        }

        if (read.Bytes is null)
        {
            return new(file, ScaffoldState.Missing);
        }

        var text = read.Text;
        if (!file.Sectioned)
        {
            return new(file, text == file.Text ? ScaffoldState.InPlace : ScaffoldState.Kept);
        }

        if (MarkedSection.Broken(text))
        {
            return new(file, ScaffoldState.Refused, $"it has `{MarkedSection.Begin[..14]}` without `{MarkedSection.End}`: mend or remove the marker by hand");
        }

        return MarkedSection.Find(text) switch
        {
            null => new(file, ScaffoldState.NoSection),
            var section when section == MarkedSection.Block(file.Text) => new(file, ScaffoldState.InPlace),
            _ => new(file, ScaffoldState.OldSection),
        };
    }

    /// <summary>
    /// Makes <paramref name="entry"/>'s change in the repository at <paramref name="root"/>: a new file, or the ias section
    /// merged into a person's file as it is now. Throws <see cref="IOException"/> when the file changed since it was looked at.
    /// </summary>
    public static void Write(string root, ScaffoldEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = Path.Combine(root, entry.File.Path);
        var now = Look(root, entry.File);
        if (now.State != entry.State)
        {
            throw new IOException($"{entry.File.Path} changed while ias looked at it and is left as it is: run the command again");
        }

        switch (entry.State)
        {
            case ScaffoldState.Missing:
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(entry.File.NewText);
                }

                break;
            case ScaffoldState.NoSection or ScaffoldState.OldSection:
                var text = AgentFile.Read(path, MaxBytes, under: root).Text;
                // The person's file keeps its mode: ias's own state is private, their AGENTS.md is not.
                var mode = OperatingSystem.IsWindows() ? OwnerOnly.PrivateMode : File.GetUnixFileMode(path);
                AtomicFile.Write(path, MarkedSection.Merge(text, entry.File.Text), mode);
                break;
        }
    }

    /// <summary>
    /// The first paragraph of an agent's prompt: one sentence naming the scaffold files the repository at
    /// <paramref name="root"/> has, so the agent reads them first; empty when it has none. Only the files' names go in,
    /// never their text.
    /// </summary>
    public static string PromptLead(string root)
    {
        // A person's own AGENTS.md counts, with or without the ias section; CLAUDE.md only points to AGENTS.md.
        var present = ScaffoldProfile.Terminal.Files
            .Where(f => Look(root, f).State is not (ScaffoldState.Missing or ScaffoldState.Refused))
            .Select(f => f.Path.StartsWith("docs/ias/process/", StringComparison.Ordinal) ? "docs/ias/process/" : f.Path)
            .Distinct()
            .ToList();
        if (present.Contains("AGENTS.md"))
        {
            present.Remove("CLAUDE.md");
        }

        return present.Count == 0
            ? ""
            : $"This repository has an ias scaffold for agents: read {string.Join(", ", present)} before you start; where they differ from this prompt, this prompt wins.\n\n";
    }
}
