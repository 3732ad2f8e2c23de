using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ias.SimAgent;

/// <summary>Asking a person, as a real agent does: `ias ask` through the PATH its turn was given, then the end of the turn.</summary>
public sealed partial class SimulatedAgent
{
    /// <summary>The words the engine puts before a person's answer in the prompt that resumes the agent.</summary>
    internal const string AnswerLead = "The person answered your question";

    private static async Task<string> AskAsync(SimStream stream, string question, CancellationToken ct)
    {
        var messageId = stream.NextMessageId();
        await stream.TextAsync(messageId, "The sprint can be read two ways here; asking the person instead of guessing.", ct).ConfigureAwait(false);
        var toolUseId = stream.NextToolUseId();
        await stream.ToolUseAsync(messageId, toolUseId, "Bash", new JsonObject { ["command"] = $"ias ask \"{question}\"", ["description"] = "Ask a person" }, ct).ConfigureAwait(false);

        // "ias" with no folder: found on the PATH the engine gave the turn, where its shim is.
        var psi = new ProcessStartInfo("ias") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("ask");
        psi.ArgumentList.Add(question);
        string output;
        bool failed;
        try
        {
            using var ias = Process.Start(psi)!;
            var stdout = ias.StandardOutput.ReadToEndAsync(ct);
            var stderr = ias.StandardError.ReadToEndAsync(ct);
            await ias.WaitForExitAsync(ct).ConfigureAwait(false);
            output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            failed = ias.ExitCode != 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = $"ias: command not found ({e.Message})";
            failed = true;
        }

        await stream.ToolResultAsync(toolUseId, output.TrimEnd(), isError: failed, ct).ConfigureAwait(false);
        var final = failed ? $"I could not ask the person ({output.Trim()}); stopping here." : $"I asked the person: {question} Ending my turn to wait for the answer.";
        await stream.TextAsync(stream.NextMessageId(), final, ct).ConfigureAwait(false);
        return final;
    }

    /// <summary>The person's answer in the prompt, if it carries one.</summary>
    private static string? AnswerIn(string prompt) => Answer().Match(prompt) is { Success: true } m ? m.Groups["answer"].Value.Trim() : null;

    [GeneratedRegex("^" + AnswerLead + @" \([^)]*\) "".*"": (?<answer>.*)$", RegexOptions.Multiline)]
    private static partial Regex Answer();
}
