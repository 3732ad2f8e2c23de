using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Processes;

namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class AttackTableTests
{
    /// <summary>Every box ias starts holds to ias.sandbox's limits, not the agent's alone: the tests', git's in the workspace, and the workspace's size.</summary>
    private static Attack[] LimitRows =>
    [
        // A cap of 64 leaves room for the simulated reviewer (a .NET program, threads counted); a hundred sleeps cannot fit.
        new("a test command that forks past max_processes", Implementer("true"), Outcome.Listed, "the tests reached the box's process limit (64 processes")
        {
            ExtraConfig = $"ias:\n  sandbox:\n    max_processes: 64\n  test_command: {JsonSerializer.Serialize(Forks("echo \"$i sleeps held\""))}\n",
            Check = (repo, _) =>
            {
                Assert.DoesNotContain("100 sleeps held", PrText(repo), StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        },
        new("a clean filter in the workspace's git config that forks past max_processes", Implementer($"""
            printf '#!/bin/sh\n%s\n' {ShellWords.Quote(Forks("cat"))} > clean.sh && chmod +x clean.sh
            /usr/bin/git config filter.fork.clean "$PWD/clean.sh"
            echo '*.txt filter=fork' > .gitattributes
            echo "cycle $IAS_CYCLE" > forked.txt
            """), Outcome.Refused, "git in the workspace's box reached the box's process limit (64 processes")
        {
            ExtraConfig = "ias:\n  sandbox:\n    max_processes: 64\n",
        },
        new("a workspace far over workspace_mb", Implementer("[ \"$IAS_CYCLE\" = 1 ] && for i in 1 2 3 4 5 6; do head -c 4000000 /dev/zero > big$i.bin; done; true"), Outcome.Refused, "took more than ias.sandbox.workspace_mb (8 MiB)")
        {
            ExtraConfig = "ias:\n  sandbox:\n    workspace_mb: 8\n",
            Check = (repo, _) =>
            {
                // One line names the workspace; the run over, nothing of it stays, nor reached the checkout.
                var named = Regex.Match(IceLog(repo), "the implementer's workspace (/[^ ]+) took more than");
                Assert.True(named.Success, IceLog(repo));
                Assert.False(Directory.Exists(named.Groups[1].Value), $"{named.Groups[1].Value} stayed after the run ended");
                Assert.False(File.Exists(repo.File("big1.bin")), "a file of the refused turn reached the checkout");
                return Task.CompletedTask;
            },
        },
    ];

    /// <summary>A shell script that holds a hundred sleeps at once, then runs <paramref name="then"/>; the sleeps go with it, however it ends.</summary>
    private static string Forks(string then) =>
        $"trap 'kill $pids 2>/dev/null' EXIT; i=0; while [ $i -lt 100 ]; do sleep 30 >/dev/null 2>&1 & pids=\"$pids $!\"; i=$((i+1)); done; {then}";
}
