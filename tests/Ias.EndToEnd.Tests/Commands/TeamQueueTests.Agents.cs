using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A runner claims only jobs whose agent CLI its box has, and `ias status` says which runner has which.</summary>
public sealed partial class TeamQueueTests
{
    [PostgresFact]
    public async Task A_runner_without_codex_leaves_a_codex_job_pending_for_one_with_it_and_status_shows_each_runners_agents_and_the_waiting_job()
    {
        using var team = await TeamAsync(machines: 2, queueYaml: "");
        await team.EnqueueAsync("reviewer", "Review the greeting.", "--agent", "codex");
        var withoutCodex = new Dictionary<string, string>(team.Env) { ["PATH"] = PathWithout("codex") };

        var first = await IasProcess.RunAsync(team.Clones[0], withoutCodex, "run-loop", "--run", team.Run, "--stop-when-idle");

        Assert.True(first.Code == 0, $"run-loop: {first.Out}\n{first.Err}");
        Assert.Contains("runner of night claims jobs of the agents found here: ", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("job 0001-reviewer started", first.Out, StringComparison.Ordinal);
        var status = await team.StatusAsync(1);
        Assert.Equal("pending", (string?)status["jobs"]![0]!["state"]);
        Assert.Equal(0, (int)status["jobs"]![0]!["attempts"]!);
        var runner = Assert.Single(status["runners"]!.AsArray())!;
        var agents = runner["agents"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Contains("sim", agents);
        Assert.DoesNotContain("codex", agents);
        Assert.Equal(["codex"], status["agents_without_runner"]!.AsArray().Select(a => (string)a!));
        var text = await team.OkAsync(1, "status", "--run", team.Run);
        Assert.Contains("0001-reviewer", text, StringComparison.Ordinal);
        Assert.Contains("waits for a runner with codex", text, StringComparison.Ordinal);
        Assert.Contains($" · agents {string.Join(", ", agents)}", text, StringComparison.Ordinal);

        var bin = team.Outside("bin");
        Directory.CreateDirectory(bin);
        WriteFakeCodex(Path.Combine(bin, "codex"));
        var withCodex = new Dictionary<string, string>(team.Env) { ["PATH"] = $"{bin}:{PathWithout("codex")}", ["CODEX_API_KEY"] = "fake" };
        var second = await IasProcess.RunAsync(team.Clones[1], withCodex, "run-loop", "--run", team.Run, "--stop-when-idle", "--no-sandbox");

        Assert.True(second.Code == 0, $"run-loop: {second.Out}\n{second.Err}");
        Assert.Contains("job 0001-reviewer done", second.Out, StringComparison.Ordinal);
        var after = await team.StatusAsync(0);
        Assert.Equal("done", (string?)after["jobs"]![0]!["state"]);
        Assert.Empty(after["agents_without_runner"]!.AsArray());
        Assert.Contains(after["runners"]!.AsArray(), r => r!["agents"]!.AsArray().Any(a => (string?)a == "codex"));
    }

    /// <summary>The test's PATH without the folders that hold <paramref name="program"/>.</summary>
    private static string PathWithout(string program) => string.Join(':',
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(dir => !File.Exists(Path.Combine(dir, program))));

    /// <summary>A stand-in for the `codex` CLI: its version, and one turn of `codex exec --json` that ends with a message.</summary>
    private static void WriteFakeCodex(string path)
    {
        File.WriteAllText(path, """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "codex-cli 0.50.0"; exit 0; fi
            cat > /dev/null
            printf '%s\n' '{"type":"thread.started","thread_id":"fake-thread"}'
            printf '%s\n' '{"type":"turn.started"}'
            printf '%s\n' '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Reviewed: all good."}}'
            printf '%s\n' '{"type":"turn.completed","usage":{"input_tokens":3,"cached_input_tokens":0,"output_tokens":2}}'

            """);
        IceShim.MakeExecutable(path);
    }
}
