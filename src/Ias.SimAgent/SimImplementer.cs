using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ias.SimAgent;

/// <summary>The implementer's turn: notes on the cycle and a fix line in the work file, each written with the tool call Claude would make.</summary>
internal static partial class SimImplementer
{
    public static async Task<string> RunAsync(SimStream stream, SimContext ctx, string prompt, string? answer, CancellationToken ct)
    {
        var folder = $"sim/{ctx.Target}";
        var opening = stream.NextMessageId();
        await stream.TextAsync(opening, $"Implementing {ctx.Target}, cycle {ctx.Cycle}.", ct).ConfigureAwait(false);

        if (ctx.Scenario.ImplementNoChangesCycles.Contains(ctx.Cycle))
        {
            var idle = $"Cycle {ctx.Cycle}: nothing to change for {ctx.Target}; no files were touched.";
            await stream.TextAsync(stream.NextMessageId(), idle, ct).ConfigureAwait(false);
            return idle;
        }

        var findings = FindingIds(prompt);
        var addressed = findings.Count == 0 ? "no findings named in the prompt" : string.Join(", ", findings);
        var done = new List<string>();

        var notes = $"{folder}/cycle-{ctx.Cycle}.md";
        var notesText = $"# {ctx.Target} cycle {ctx.Cycle}\n\nRole: implementer\nFindings addressed: {addressed}\n";
        await WriteFileAsync(stream, opening, ctx.RepoPath, notes, notesText, ct).ConfigureAwait(false);
        done.Add($"wrote {notes}");

        // A person's answer is followed where the work can show it.
        if (answer is not null)
        {
            var answerFile = $"{folder}/answer.txt";
            await WriteFileAsync(stream, opening, ctx.RepoPath, answerFile, answer + "\n", ct).ConfigureAwait(false);
            done.Add($"followed the person's answer in {answerFile}");
        }

        var feature = ctx.WorkFile;
        var featurePath = Path.Combine(ctx.RepoPath, feature);
        var change = stream.NextMessageId();
        // A bug's file already exists and is fixed in place; a sprint's feature file starts afresh in cycle 1.
        if (!File.Exists(featurePath) || (ctx.Cycle == 1 && feature.StartsWith("sim/", StringComparison.Ordinal)))
        {
            var text = ctx.Cycle == 1
                ? $"feature for {ctx.Target}\n"
                : $"feature for {ctx.Target}\nfix (cycle {ctx.Cycle}): addressed {addressed}\n";
            await WriteFileAsync(stream, change, ctx.RepoPath, feature, text, ct).ConfigureAwait(false);
            done.Add($"created {feature}");
        }
        else if (File.ReadAllText(featurePath).Contains(FixLine(ctx.Cycle, addressed), StringComparison.Ordinal))
        {
            // A turn re-run after a crash finds its fix already made, as a real agent would, and does not make it twice.
            done.Add($"{addressed} already fixed in {feature}");
        }
        else
        {
            await AppendFileAsync(stream, change, featurePath, FixLine(ctx.Cycle, addressed), ct).ConfigureAwait(false);
            done.Add($"fixed {addressed} in {feature}");
        }

        if (ctx.Scenario.DeleteFilesCycle == ctx.Cycle)
        {
            await DeleteFileAsync(stream, stream.NextMessageId(), ctx.RepoPath, feature, ct).ConfigureAwait(false);
            done.Add($"deleted {feature}");
        }

        var summary = $"Cycle {ctx.Cycle} of {ctx.Target} is done: {string.Join("; ", done)}.";
        await stream.TextAsync(stream.NextMessageId(), summary, ct).ConfigureAwait(false);
        return summary;
    }

    private static string FixLine(int cycle, string addressed) => $"fix (cycle {cycle}): addressed {addressed}\n";

    private static async Task WriteFileAsync(SimStream stream, string messageId, string repo, string relative, string text, CancellationToken ct)
    {
        var path = Path.Combine(repo, relative);
        var existed = File.Exists(path);
        var toolUseId = stream.NextToolUseId();
        await stream.ToolUseAsync(messageId, toolUseId, "Write", new JsonObject { ["file_path"] = path, ["content"] = text }, ct).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
        var answer = existed ? $"The file {path} has been updated." : $"File created successfully at: {path}";
        await stream.ToolResultAsync(toolUseId, answer, isError: false, ct).ConfigureAwait(false);
    }

    private static async Task AppendFileAsync(SimStream stream, string messageId, string path, string line, CancellationToken ct)
    {
        var before = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var oldLine = before.TrimEnd('\n').Split('\n')[^1];
        var toolUseId = stream.NextToolUseId();
        var input = new JsonObject { ["file_path"] = path, ["old_string"] = oldLine, ["new_string"] = $"{oldLine}\n{line.TrimEnd('\n')}" };
        await stream.ToolUseAsync(messageId, toolUseId, "Edit", input, ct).ConfigureAwait(false);
        var separator = before.Length == 0 || before.EndsWith('\n') ? "" : "\n";
        await File.AppendAllTextAsync(path, separator + line, ct).ConfigureAwait(false);
        await stream.ToolResultAsync(toolUseId, $"The file {path} has been updated.", isError: false, ct).ConfigureAwait(false);
    }

    private static async Task DeleteFileAsync(SimStream stream, string messageId, string repo, string relative, CancellationToken ct)
    {
        var toolUseId = stream.NextToolUseId();
        await stream.ToolUseAsync(messageId, toolUseId, "Bash", new JsonObject { ["command"] = $"rm {relative}", ["description"] = "Remove a file" }, ct).ConfigureAwait(false);
        File.Delete(Path.Combine(repo, relative));
        await stream.ToolResultAsync(toolUseId, "", isError: false, ct).ConfigureAwait(false);
    }

    /// <summary>Finding ids named in the prompt: "id" fields of JSON findings, then bare ids such as R1 or A2, in order of first appearance.</summary>
    private static List<string> FindingIds(string prompt)
    {
        var ids = new List<string>();
        foreach (var match in JsonIdField().Matches(prompt).Concat(BareId().Matches(prompt)))
        {
            var id = match.Groups[1].Value;
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    [GeneratedRegex("\"id\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,24})\"")]
    private static partial Regex JsonIdField();

    [GeneratedRegex(@"\b([RAFPE]\d{1,4})\b")]
    private static partial Regex BareId();
}
