using Ias.Tui.Tests.Git;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>Files the engine reads back from places the agent can reach, follow-ups, and other users of the machine.</summary>
    private static Attack[] FileRows =>
    [
        // The turn's ICE log, which the engine gathers from the scratch folder into .run/ice.log.
        new("a link at the ICE log to the home's SSH key", Implementer(dir => $"ln -sf '{HomeKey(dir)}' \"$IAS_ICE_LOG\""), Outcome.Refused, "is a symbolic link")
        {
            Check = KeyStayedHome,
        },
        new("a FIFO at the ICE log", Implementer(_ => "rm -f \"$IAS_ICE_LOG\"; mkfifo \"$IAS_ICE_LOG\""), Outcome.Refused, "not a regular file (a FIFO"),
        new("a hard link at the ICE log", Implementer(_ => "echo '{\"argv\":[\"x\"],\"reason\":\"planted\"}' > \"$IAS_ICE_LOG.src\"; ln -f \"$IAS_ICE_LOG.src\" \"$IAS_ICE_LOG\""), Outcome.Refused, "hard links"),
        new("a folder at the ICE log", Implementer(_ => "rm -f \"$IAS_ICE_LOG\"; mkdir -p \"$IAS_ICE_LOG\""), Outcome.Refused, "not a regular file"),

        // The question file `ias ask` leaves in the scratch folder.
        new("a FIFO at the question file", Implementer(_ => "mkfifo \"$IAS_ASK_FILE\""), Outcome.Refused, "not a regular file (a FIFO"),
        new("a link at the question file to the home's SSH key", Implementer(dir => $"ln -sf '{HomeKey(dir)}' \"$IAS_ASK_FILE\""), Outcome.Refused, "is a symbolic link")
        {
            Check = KeyStayedHome,
        },
        new("a 200 MB question", Implementer(_ => "printf '{\"question\": \"' > \"$IAS_ASK_FILE\"; truncate -s 200M \"$IAS_ASK_FILE\""), Outcome.Refused, "more than the 65536")
        {
            // Refused by its size before a byte of it is read, and neither asked nor committed.
            Check = async (repo, _) =>
            {
                Assert.False(Directory.Exists(repo.File("docs", "ias", "decisions")));
                Assert.DoesNotContain("docs/ias/decisions", await Shell.GitAsync(repo.Path, "log", "--all", "--name-only", "--format="), StringComparison.Ordinal);
            },
        },

        // ias's own writes into the work tree, through a folder the agent linked away.
        new("a linked a2a folder to the home's .ssh", Implementer(dir => $"mkdir -p grimoires/loa/a2a; rm -rf grimoires/loa/a2a/sprint-1; ln -sfn '{Path.Combine(dir, "home", ".ssh")}' grimoires/loa/a2a/sprint-1"), Outcome.Refused, "grimoires/loa/a2a/sprint-1 is a symbolic link")
        {
            Check = (_, home) =>
            {
                Assert.Equal(["id_ed25519"], Directory.EnumerateFileSystemEntries(Path.Combine(home, ".ssh")).Select(Path.GetFileName));
                return Task.CompletedTask;
            },
        },
        new("a file in the a2a folder's place", Implementer(_ => "mkdir -p grimoires/loa/a2a; rm -rf grimoires/loa/a2a/sprint-1; echo mine > grimoires/loa/a2a/sprint-1"), Outcome.Refused, "grimoires/loa/a2a/sprint-1 is a file where ias keeps a folder"),
    ];

    private static string HomeKey(string dir) => Path.Combine(dir, "home", ".ssh", "id_ed25519");

    /// <summary>The implementer is the script, given the folder the test's repository lies in (its fake home is there too).</summary>
    private static Func<string, string> Implementer(Func<string, string> attack) => dir => Implementer(attack(dir))(dir);

    /// <summary>The key's marker is nowhere ias keeps or publishes anything: not in .run/ (ias.db included), not in any commit.</summary>
    private static async Task KeyStayedHome(TestRepo repo, string home)
    {
        Assert.DoesNotContain(SecretMarker, AllText(repo.File(".run")), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretMarker, await Shell.GitAsync(repo.Path, "log", "--all", "-p"), StringComparison.Ordinal);
        Assert.Contains(SecretMarker, await File.ReadAllTextAsync(Path.Combine(home, ".ssh", "id_ed25519")), StringComparison.Ordinal);
    }
}
