using System.Text;
using System.Text.Json.Nodes;

namespace Ias.SimAgent;

/// <summary>A stand-in for Claude Code that speaks its stream-json format, really edits files as the implementer and returns scripted verdicts as reviewer or auditor.</summary>
public sealed partial class SimulatedAgent(TimeProvider clock)
{
    private const int HugeChunkChars = 64 * 1024;

    /// <summary>Reads the prompt from <paramref name="stdin"/>, plays <see cref="SimContext.Role"/> and returns the exit code the CLI would.</summary>
    public async Task<int> RunAsync(TextReader stdin, TextWriter stdout, TextWriter stderr, SimContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Validate();

        var prompt = await stdin.ReadToEndAsync(ct).ConfigureAwait(false);
        var failure = await ctx.Scenario.FailureOfCallAsync(ctx.Role, ctx.Cycle, ctx.Target, CountsOf(ctx), ct).ConfigureAwait(false);
        var delay = failure == SimFailureMode.Slow ? TimeSpan.FromMilliseconds(ctx.Scenario.SlowMs) : TimeSpan.Zero;
        var stream = new SimStream(stdout, clock, ctx, prompt.Length, delay, garbage: failure == SimFailureMode.Garbage);

        await stream.InitAsync(ct).ConfigureAwait(false);
        switch (failure)
        {
            case SimFailureMode.Crash:
                await stderr.WriteLineAsync($"sim-agent: simulated crash of the {ctx.Role} in cycle {ctx.Cycle}".AsMemory(), ct).ConfigureAwait(false);
                await stderr.FlushAsync(ct).ConfigureAwait(false);
                return 3;
            case SimFailureMode.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, clock, ct).ConfigureAwait(false);
                return 1;
            case SimFailureMode.UsageLimit:
                return await UsageLimitAsync(stream, ctx, ct).ConfigureAwait(false);
            case SimFailureMode.Auth:
                return await FailAsync(stream, "Invalid API key · Please run /login", ct).ConfigureAwait(false);
            case SimFailureMode.Billing:
                return await FailAsync(stream, "Credit balance is too low", ct).ConfigureAwait(false);
            case SimFailureMode.Overloaded:
                return await FailAsync(stream, "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.", ct).ConfigureAwait(false);
            case SimFailureMode.MaxTurns:
                await stream.ResultAsync(isError: true, "", billed: true, ct, subtype: "error_max_turns").ConfigureAwait(false);
                return 1;
            case SimFailureMode.ConfigError:
                await stderr.WriteLineAsync("error: unknown option '--bogus-flag'".AsMemory(), ct).ConfigureAwait(false);
                await stderr.FlushAsync(ct).ConfigureAwait(false);
                return 1;
            case SimFailureMode.Hold:
                await HoldAsync(ctx.Scenario.HoldFile!, ct).ConfigureAwait(false);
                break;
            case SimFailureMode.Huge:
                await HugeTextAsync(stream, ctx.Scenario.HugeMb, ct).ConfigureAwait(false);
                break;
            case SimFailureMode.Drip:
                await DripAsync(stream, ctx.Scenario, ct).ConfigureAwait(false);
                break;
            case SimFailureMode.Leak:
                await LeakAsync(stream, stderr, ctx, ct).ConfigureAwait(false);
                break;
            default:
                break;
        }

        var answer = AnswerIn(prompt);
        if (answer is null && ctx.Scenario.Ask.FirstOrDefault(a => a.Matches(ctx.Role, ctx.Cycle)) is { } ask)
        {
            await stream.ResultAsync(isError: false, await AskAsync(stream, ask.Question, ct).ConfigureAwait(false), billed: true, ct).ConfigureAwait(false);
            return 0;
        }

        var finalText = ctx.Role switch
        {
            SimRoles.Implementer => await SimImplementer.RunAsync(stream, ctx, prompt, answer, ct).ConfigureAwait(false),
            SimRoles.Triager => await SimVerdicts.TriageAsync(stream, ctx, ct).ConfigureAwait(false),
            SimRoles.RedTeam => await SimVerdicts.RedTeamAsync(stream, ctx, ct).ConfigureAwait(false),
            _ => await SimVerdicts.JudgeAsync(stream, ctx, ct).ConfigureAwait(false),
        };
        if (ctx.FollowUpDir is { } followUps)
        {
            foreach (var next in ctx.Scenario.FollowUps.Where(f => f.Cycle == ctx.Cycle))
            {
                await File.WriteAllTextAsync(Path.Combine(followUps, next.Name), next.Text, ct).ConfigureAwait(false);
            }
        }

        if (failure == SimFailureMode.HangAfterWork)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, ct).ConfigureAwait(false);
        }
        else if (failure == SimFailureMode.HoldAfterWork)
        {
            await HoldAsync(ctx.Scenario.HoldFile!, ct).ConfigureAwait(false);
        }

        await stream.ResultAsync(isError: false, finalText, billed: true, ct).ConfigureAwait(false);
        return 0;
    }

    // Where a scenario file's failures with times are counted; the built-in scenario has none.
    private SimFailureCounts? CountsOf(SimContext ctx) => ctx.ScenarioFile is { } file ? SimFailureCounts.Beside(file, clock) : null;

    private async Task HoldAsync(string file, CancellationToken ct)
    {
        // The releasing process is another program, so the file is looked for rather than waited on with a handle.
        while (!File.Exists(file))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, ct).ConfigureAwait(false);
        }
    }

    private async Task<int> UsageLimitAsync(SimStream stream, SimContext ctx, CancellationToken ct)
    {
        var resetsAt = clock.GetUtcNow().AddSeconds(ctx.Scenario.UsageLimitResetSeconds);
        await stream.RateLimitRejectedAsync(resetsAt, ct).ConfigureAwait(false);
        var text = $"Claude AI usage limit reached|{resetsAt.ToUnixTimeSeconds()}";
        await stream.TextAsync(stream.NextMessageId(), text, ct, billed: false).ConfigureAwait(false);
        await stream.ResultAsync(isError: true, text, billed: false, ct).ConfigureAwait(false);
        return 1;
    }

    private static async Task<int> FailAsync(SimStream stream, string text, CancellationToken ct)
    {
        await stream.TextAsync(stream.NextMessageId(), text, ct, billed: false).ConfigureAwait(false);
        await stream.ResultAsync(isError: true, text, billed: false, ct).ConfigureAwait(false);
        return 1;
    }

    /// <summary>Made-up keys in the shapes of Anthropic, OpenAI, Google and GitHub keys and a bearer token, which the leak mode prints.</summary>
    public static IReadOnlyList<string> LeakedKeys { get; } =
    [
        "sk-ant-api03-SIMxLEAKxAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd",
        "sk-proj-SIMLEAKabcdefghijklmnopqrstuvwxyz0123",
        "AIzaSyA-SIMLEAKabcdefghijklmnopqrstuvwx",
        "ghp_SIMLEAKabcdefghijklmnopqrstuvwxyz012345",
        "github_pat_11SIMLEAK0abcdefghijklmn_opqrstuvwxyzABCDEFGHIJ0123456789",
        "eyJhbGciOiJIUzI1NiJ9.SIMLEAKpayload.signature",
    ];

    // Everything a careless agent could echo: keys in prose, in a command line, in a tool's output and on stderr.
    private static async Task LeakAsync(SimStream stream, TextWriter stderr, SimContext ctx, CancellationToken ct)
    {
        var keys = LeakedKeys;
        var env = ctx.Secrets.Count == 0 ? "no key variables" : string.Join(" ", ctx.Secrets);
        var messageId = stream.NextMessageId();
        await stream.TextAsync(messageId, $"Found keys {keys[0]} {keys[1]} {keys[2]} {keys[3]} {keys[4]} and {env}", ct).ConfigureAwait(false);
        var toolUseId = stream.NextToolUseId();
        var command = $"curl -H 'Authorization: Bearer {keys[5]}' -H 'x-api-key: {keys[0]}' https://api.example.invalid";
        await stream.ToolUseAsync(messageId, toolUseId, "Bash", new JsonObject { ["command"] = command, ["description"] = "Call the API" }, ct).ConfigureAwait(false);
        await stream.ToolResultAsync(toolUseId, string.Join("\n", ctx.Secrets.Append($"OPENAI_KEY={keys[1]}")), isError: false, ct).ConfigureAwait(false);
        await stderr.WriteLineAsync($"sim-agent: using {keys[3]} and {env}".AsMemory(), ct).ConfigureAwait(false);
        await stderr.FlushAsync(ct).ConfigureAwait(false);
    }

    // Lines of different lengths and words, so a screen showing them changes the way a real agent's log does.
    private static readonly string[] DripText =
    [
        "Reading src/greeting/feature.txt to see how the greeting is built.",
        "The name is interpolated without any check; an empty name gives \"Hello, !\".",
        "Plan: validate in one place, return a clear error, add a test for the empty case.",
        "Running the tests.",
        "3 passed, 1 failed: GreetingSpecs.Empty_name_is_refused (expected an error, got a greeting).",
        "Editing src/greeting/feature.txt: move the check before the string is built, so every caller gets it.",
        "Done with this step; checking that nothing else reads the old field.",
    ];

    private async Task DripAsync(SimStream stream, SimScenario scenario, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var messageId = stream.NextMessageId();
        for (var i = 0; i < scenario.DripLines; i++)
        {
            // Paced by the clock, in small bursts: a 1 ms timer cannot hold 1,000 separate waits a second.
            var ahead = TimeSpan.FromSeconds(i / (double)scenario.DripRate) - clock.GetElapsedTime(started);
            if (ahead > TimeSpan.FromMilliseconds(5))
            {
                await Task.Delay(ahead, clock, ct).ConfigureAwait(false);
            }

            await stream.TextAsync(messageId, $"{i + 1}: {DripText[i % DripText.Length]}", ct).ConfigureAwait(false);
        }
    }

    private static async Task HugeTextAsync(SimStream stream, double megabytes, CancellationToken ct)
    {
        const string Sentence = "sim huge output: the quick brown fox jumps over the lazy dog. ";
        var chunk = new StringBuilder(HugeChunkChars);
        while (chunk.Length < HugeChunkChars)
        {
            chunk.Append(Sentence);
        }

        var text = chunk.ToString(0, HugeChunkChars);
        var remaining = (long)(megabytes * 1024 * 1024);
        var messageId = stream.NextMessageId();
        while (remaining > 0)
        {
            var piece = remaining >= text.Length ? text : text[..(int)remaining];
            await stream.TextAsync(messageId, piece, ct).ConfigureAwait(false);
            remaining -= piece.Length;
        }
    }
}
