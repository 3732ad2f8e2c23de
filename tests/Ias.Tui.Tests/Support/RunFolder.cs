using Ias.Core.Cycles.Records;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Tui.Tests.Support;

/// <summary>What a test reads of a repository's run and the custom agents it writes beside it, in either test tier.</summary>
internal static class RunFolder
{
    /// <summary>The run ias.db holds as current.</summary>
    public static RunSnapshot CurrentRun(string root)
    {
        using var store = RunStore.Open(Path.Combine(root, ".run", "ias.db"));
        return new RunRecords(store).CurrentRun()!;
    }

    /// <summary>The agent calls of run <paramref name="runId"/>.</summary>
    public static List<AgentCallRecord> Calls(string root, string runId)
    {
        using var store = RunStore.Open(Path.Combine(root, ".run", "ias.db"));
        return [.. new RunRecords(store).AgentCalls(runId)];
    }

    /// <summary>The prompt.md of every job of one phase (implement, review, audit), in every run.</summary>
    public static List<string> PromptsOf(string root, string phase) =>
        Directory.GetDirectories(Path.Combine(root, ".run", "jobs"))
            .Where(d => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(d), $@"-c\d+-{phase}-a\d+$"))
            .Select(d => File.ReadAllText(Path.Combine(d, "prompt.md")))
            .ToList();

    /// <summary>A custom agent: a bash script beside the repository that reads its prompt from stdin, then runs <paramref name="body"/>.</summary>
    public static async Task<string> ScriptAsync(string root, string name, string body)
    {
        var path = Path.Combine(Path.GetDirectoryName(root)!, name);
        await File.WriteAllTextAsync(path, $"#!/bin/bash\ncat >/dev/null\n{body}\n");
        IceShim.MakeExecutable(path);
        return path;
    }

    /// <summary>
    /// <paramref name="config"/> with an implementer that, in cycle 1, replaces the config with one whose reviewer is an
    /// always-pass script; the pass script touches <c>PassRan</c> when it runs.
    /// </summary>
    public static async Task<(string Config, string Pass, string PassRan)> SwapReviewerAsync(string root, string config)
    {
        var dir = Path.GetDirectoryName(root)!;
        var passRan = Path.Combine(dir, "pass-ran");
        var pass = await ScriptAsync(root, "pass.sh", $$"""
            touch {{ShellWords.Quote(passRan)}}
            printf 'Looks good.\n```json\n{"verdict": "pass", "findings": []}\n```\n'
            """);
        var swapped = Path.Combine(dir, "swapped.yaml");
        var implementer = await ScriptAsync(root, "implementer.sh", $$"""
            if [ "$IAS_CYCLE" = 1 ]; then cp {{ShellWords.Quote(swapped)}} .loa.config.yaml; fi
            echo "cycle $IAS_CYCLE" > "work-$IAS_CYCLE.txt"
            echo "wrote the feature"
            """);
        var withImplementer = config + $"  implementer:\n    agent: custom\n    command: {implementer}\n";
        await File.WriteAllTextAsync(swapped, withImplementer + $"  reviewer:\n    agent: custom\n    command: {pass}\n");
        return (withImplementer, pass, passRan);
    }
}
