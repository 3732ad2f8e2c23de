using Ias.Core.Git;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>The agent's private workspace: nothing it writes there runs outside the box, and only a validated patch reaches the checkout.</summary>
    private static Attack[] WorkspaceRows =>
    [
        new("a nested repository whose config runs a file system monitor", Marking($"""
            git init -q sub && {Plant("sub/monitor.sh")}
            git -C sub config core.fsmonitor "$PWD/sub/monitor.sh"
            echo x > sub/f && git -C sub add f && git -C sub -c user.name=a -c user.email=a@b commit -qm nested
            """), Outcome.Refused, "a gitlink (a nested repository)")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "sub/.git", "sub/monitor.sh"),
        },
        new("a .git file pointing at a git dir the agent controls", Marking($"""
            git init -q --bare evil.git
            {Plant("nested/monitor.sh")}
            printf 'gitdir: %s\n' "$PWD/evil.git" > nested/.git
            git config -f evil.git/config core.fsmonitor "$PWD/nested/monitor.sh"
            """), Outcome.Refused, "does not have a commit checked out")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "nested/.git"),
        },
        new("a husky hooks folder set by the user, written by the agent", Marking(Plant(".husky/post-commit") + "\n" + Plant(".husky/pre-commit")), Outcome.Refused, "a file the engine's git reads (.husky")
        {
            Setup = async repo =>
            {
                Directory.CreateDirectory(repo.File(".husky"));
                await File.WriteAllTextAsync(repo.File(".husky", "README"), "hooks\n");
                await DemoTests.Git(repo.Path, "config", "core.hooksPath", ".husky");
                await DemoTests.Git(repo.Path, "add", ".husky");
                await DemoTests.Git(repo.Path, "commit", "-q", "-m", "husky");
            },
            Check = (repo, _) => NothingOutsideTheBox(repo, ".husky/post-commit", ".husky/pre-commit"),
        },
        new("a user's pre-push hook runs a script from the tree, which the agent rewrites", Marking(Plant("scripts/prepush.sh") + "\necho rewrote the pre-push script"), Outcome.Refused, "rewrote the pre-push script")
        {
            Setup = async repo =>
            {
                Directory.CreateDirectory(repo.File("scripts"));
                await File.WriteAllTextAsync(repo.File("scripts", "prepush.sh"), "#!/bin/sh\nexit 0\n");
                await File.WriteAllTextAsync(repo.File(".git", "hooks", "pre-push"), "#!/bin/sh\nsh scripts/prepush.sh\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(repo.File(".git", "hooks", "pre-push"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                await DemoTests.Git(repo.Path, "add", "scripts");
                await DemoTests.Git(repo.Path, "commit", "-q", "-m", "pre-push script");
            },

            // The rewritten script is ordinary code and reaches the branch; the engine's own push never runs a hook.
            Check = async (repo, _) =>
            {
                Assert.Contains("ran-outside", OnRunBranch(repo, "scripts/prepush.sh"), StringComparison.Ordinal);
                new GitCli(repo.Path).Push("origin", "feature/sprint-1");
                await NothingOutsideTheBox(repo);
            },
        },
        new("include.path names an in-tree file the agent rewrites", Marking("printf '[core]\\n\\tfsmonitor = %s\\n' \"$PWD/monitor.sh\" > team.gitconfig\n" + Plant("monitor.sh")), Outcome.Refused, "a file the engine's git reads (team.gitconfig")
        {
            Setup = async repo =>
            {
                await File.WriteAllTextAsync(repo.File("team.gitconfig"), "[user]\n\tname = Team\n");
                await DemoTests.Git(repo.Path, "config", "include.path", "../team.gitconfig");
                await DemoTests.Git(repo.Path, "add", "team.gitconfig");
                await DemoTests.Git(repo.Path, "commit", "-q", "-m", "team config");
            },
            Check = async (repo, _) =>
            {
                Assert.Equal("[user]\n\tname = Team\n", await File.ReadAllTextAsync(repo.File("team.gitconfig")));
                await NothingOutsideTheBox(repo);
            },
        },
        new("links to ~/.ssh/id_ed25519 and out of the tree", Marking("ln -s \"$HOME/.ssh/id_ed25519\" key; ln -s ../../outside up"), Outcome.Refused, "outside the tree")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "key", "up"),
        },
        new("a link into .git/hooks", Marking("ln -s .git/hooks hooks; ln -s ../.git/hooks/post-commit docs-hook"), Outcome.Refused, "git's own folder")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "hooks", "docs-hook"),
        },
        new("writes to .run/, .ias/ and docs/ias/runs through the patch", Marking("mkdir -p .run .ias docs/ias/runs; echo x > .run/planted; echo x > .ias/planted; echo x > docs/ias/runs/planted.md"), Outcome.Refused, "ias's own file (.run)")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, ".run/planted", ".ias/planted", "docs/ias/runs/planted.md"),
        },
        new("a file named .GIT/config or .git./hooks/x", Marking("mkdir -p .GIT .git. && printf '[core]\\n\\tfsmonitor = x\\n' > .GIT/config && echo x > .git./x"), Outcome.Refused, "invalid path")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, ".GIT/config", ".git./x"),
        },
        new("a 1 GB sparse file", Marking("truncate -s 1G big.bin"), Outcome.Refused, "big.bin was not taken from the implementer's workspace: larger than")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "big.bin"),
        },
        new("the agent deletes its workspace's .git", Marking("[ \"$IAS_CYCLE\" = 1 ] && rm -rf .git; true"), Outcome.Refused, "could not be taken from its workspace"),
        new("a reviewer that deletes its workspace's .git", Reviewer("rm -rf .git"), Outcome.Refused, "Read-only file system"),

        // Beyond the list: what else a hostile agent would try in a workspace of its own.
        new("a .gitattributes filter whose driver is in the workspace's config", Marking($"""
            {Plant("clean.sh")}
            git config filter.evil.clean "$PWD/clean.sh"
            echo '* filter=evil' > .gitattributes
            """), Outcome.Refused, "changed its workspace's git config or hooks")
        {
            Check = async (repo, _) =>
            {
                // The attribute reaches the tree, but names a driver only the workspace's config defined: nothing runs here.
                await DemoTests.Git(repo.Path, "status");
                await NothingOutsideTheBox(repo);
            },
        },
        new("a .gitmodules whose update runs a command", Marking("printf '[submodule \"x\"]\\n\\tpath = x\\n\\turl = ./x\\n\\tupdate = !touch ran\\n' > .gitmodules"), Outcome.Refused, "a .gitmodules file")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, ".gitmodules"),
        },
        new("paths holding a newline and a tab", Marking("echo x > \"$(printf 'a\\nb.txt')\"; echo x > \"$(printf 'c\\td.txt')\""), Outcome.Refused, "control character")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "a\nb.txt", "c\td.txt"),
        },
        new("an executable .git/hooks/post-checkout meant for the engine's next sync", Marking(Plant(".git/hooks/post-checkout") + "\n" + Plant(".git/hooks/reference-transaction")), Outcome.Refused, "changed its workspace's git config or hooks")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo),
        },
        new("a link swapped in for a folder, then written through", Marking("[ \"$IAS_CYCLE\" = 1 ] && { mkdir -p lib && echo x > lib/a; } || { rm -rf lib && ln -s .git lib; }; true"), Outcome.Refused, "git's own folder")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo),
        },
        new("a FIFO in the workspace", Marking("mkfifo pipe && echo fifo made"), Outcome.Refused, "fifo made")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "pipe"),
        },
        new("the workspace's origin pointed at a folder of the agent's", Marking("git init -q --bare ../mine.git 2>/dev/null; git remote set-url origin \"$PWD/../mine.git\"; git push -q origin HEAD:main"), Outcome.Refused, "changed its workspace's git config or hooks")
        {
            Check = async (repo, _) =>
            {
                Assert.Equal("origin", (await Shell.GitAsync(repo.Path, "remote")).Trim());
                await NothingOutsideTheBox(repo);
            },
        },

        // git decides what a patch touches: the workspace's config runs nothing while the patch is written, and the engine
        // judges the paths git itself reads in it.
        new("a clean filter that swaps the patch for one carrying a change to .loa.config.yaml", Marking("""
            printf 'diff --git a/ok.txt b/ok.txt\n--- a/.loa.config.yaml\n+++ b/.loa.config.yaml\n@@ -1 +1 @@\n-x\n+ias: { notify: { command: evil } }\n' > /tmp/crafted
            printf '#!/bin/sh\nfor f in $(find /tmp "$HOME" -name "*.patch" -writable 2>/dev/null); do cp /tmp/crafted "$f"; done\ncat\n' > /tmp/swap.sh && chmod +x /tmp/swap.sh
            git config filter.swap.clean /tmp/swap.sh
            echo '* filter=swap' > .gitattributes
            """), Outcome.Refused, "changed its workspace's git config or hooks")
        {
            Check = async (repo, _) =>
            {
                Assert.DoesNotContain("evil", await File.ReadAllTextAsync(repo.File(".loa.config.yaml")), StringComparison.Ordinal);
                await NothingOutsideTheBox(repo);
            },
        },
        new("a file whose text is a hunk for .loa.config.yaml", Marking("printf -- '--- a/.loa.config.yaml\n+++ b/.loa.config.yaml\n@@ -1 +1 @@\n+ias: { notify: { command: evil } }\n' > smuggle.txt; git config core.x y"), Outcome.Refused, "changed its workspace's git config or hooks")
        {
            Check = async (repo, _) =>
            {
                Assert.DoesNotContain("evil", await File.ReadAllTextAsync(repo.File(".loa.config.yaml")), StringComparison.Ordinal);
                Assert.DoesNotContain("evil", OnRunBranch(repo, ".loa.config.yaml"), StringComparison.Ordinal);
                Assert.StartsWith("--- a/.loa.config.yaml", OnRunBranch(repo, "smuggle.txt"), StringComparison.Ordinal);
            },
        },
        new("a link through a link to the tree's root, four steps up from there", Marking("mkdir -p a/b/c/d && ln -s ../../../.. a/b/c/d/up && ln -s a/b/c/d/up/../../../../x z"), Outcome.Refused, "outside the tree (followed as the kernel follows it)")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "z"),
        },
        new("a link into .loa.config.yaml through a link to the tree", Marking("ln -s . here && ln -s here/.loa.config.yaml config"), Outcome.Refused, "leads to .loa.config.yaml")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, "config"),
        },
        new("spellings of .git and .gitmodules HFS and NTFS read as them", Marking("d=$(printf '.gi\\342\\201\\256t') && mkdir -p \"$d\" && echo x > \"$d/config\" && echo x > gitmod~1"), Outcome.Refused, "git's own folder")
        {
            Check = (repo, _) => NothingOutsideTheBox(repo, ".gi\u206Et/config", "gitmod~1"),
        },
    ];

    /// <summary>
    /// A script at <paramref name="relative"/> that leaves a mark in the checkout's `.git`: the box keeps that folder
    /// read-only, so the mark is there only if something outside the box ran it.
    /// </summary>
    private static string Plant(string relative) =>
        $"mkdir -p \"$(dirname '{relative}')\" && printf '#!/bin/sh\\ntouch \"%s/ran-outside\" 2>/dev/null\\nexit 0\\n' \"$MARK\" > '{relative}' && chmod +x '{relative}'";

    /// <summary>The implementer is the script, with $MARK naming the checkout's `.git`, where <see cref="Plant"/>'s scripts leave their mark.</summary>
    private static Func<string, string> Marking(string attack) =>
        dir => Implementer($"MARK='{Path.Combine(dir, "repo", ".git")}'\n{attack}")(dir);

    /// <summary>Nothing the agent planted ran outside the box, and none of <paramref name="absent"/> reached the checkout.</summary>
    private static Task NothingOutsideTheBox(TestRepo repo, params string[] absent)
    {
        Assert.False(File.Exists(repo.File(".git", "ran-outside")), "a program the agent planted ran outside the box");
        foreach (var path in absent)
        {
            Assert.False(File.Exists(repo.File(path)) || Directory.Exists(repo.File(path)) || new FileInfo(repo.File(path)).LinkTarget is not null, $"{path} reached the checkout");
        }

        return Task.CompletedTask;
    }
}
