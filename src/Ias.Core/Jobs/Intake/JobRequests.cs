using System.Text;
using System.Text.Json;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// Reads a job asked for in JSON, one object: a line of `ias enqueue --from-file`, a file dropped into queue/pending/, a
/// follow-up job an agent wrote. `role`, then `prompt` or `prompt_file`, optional `agent` and `write`; the fields of a
/// queue file copied by hand (id, state, history, ...) are passed over, so a job file can be dropped back in to run again.
/// </summary>
public static class JobRequests
{
    private static readonly HashSet<string> QueueFileFields = new(StringComparer.Ordinal)
    {
        "id", "run", "seq", "state", "attempts", "not_before", "created", "started", "ended", "generation", "lease",
        "heartbeat", "reason", "failure", "evidence", "usage", "history",
    };

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>
    /// The job <paramref name="json"/> asks for; a <see cref="QueueException"/> saying what is wrong otherwise.
    /// <paramref name="promptFile"/> turns a `prompt_file` into its text (where it may lie is the caller's rule).
    /// </summary>
    public static JobRequest Read(string json, Func<string, string> promptFile)
    {
        ArgumentNullException.ThrowIfNull(promptFile);
        JsonDocument doc;
        try
        {
            doc = AgentJson.Parse(json, Strict);
        }
        catch (JsonException e)
        {
            throw new QueueException($"not a JSON object ({e.Message.Split(" Path:")[0].TrimEnd('.')}); write one object such as {{\"role\": \"reviewer\", \"prompt\": \"...\"}}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new QueueException("not a JSON object; write one object such as {\"role\": \"reviewer\", \"prompt\": \"...\"}");
            }

            string? role = null, prompt = null, file = null, agent = null, pr = null;
            bool? write = null;
            foreach (var field in root.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "role": role = Text(field); break;
                    case "prompt": prompt = Text(field); break;
                    case "prompt_file": file = Text(field); break;
                    case "agent": agent = field.Value.ValueKind == JsonValueKind.Null ? null : Text(field); break;
                    case "write" or "writes": write = Flag(field, write); break;
                    case "pr": pr = Text(field); break;
                    case var name when QueueFileFields.Contains(name): break;
                    default: throw new QueueException($"unknown field \"{field.Name}\"; a job has role, prompt or prompt_file, agent, write and pr");
                }
            }

            if (role is null)
            {
                throw new QueueException("no role: add \"role\", such as \"implementer\" or \"reviewer\"");
            }

            if (RoleProblem(role) is { } bad)
            {
                throw new QueueException($"role {bad}");
            }

            if (agent is not null && AgentProblem(agent) is { } unknown)
            {
                throw new QueueException($"agent {unknown}");
            }

            var text = (prompt, file) switch
            {
                ({ } p, null) => p,
                (null, { } f) => promptFile(f),
                (null, null) when pr is not null => PullRequestReview.DefaultPrompt,
                (null, null) => throw new QueueException("no prompt: add \"prompt\" or \"prompt_file\""),
                _ => throw new QueueException("\"prompt\" and \"prompt_file\" both given: keep one of them"),
            };
            return Request(role, text, agent, write ?? false, pr);
        }
    }

    /// <summary>
    /// The bytes of a job file in the runner's folders (a dropped file, a follow-up), refused in one line when it is over the
    /// prompt size limit, before any of it is read.
    /// </summary>
    public static byte[] FileBytes(string file) =>
        new FileInfo(file).Length > InputLimits.PromptFile.MaxBytes
            ? throw new QueueException("the file is larger than a prompt may be (1 MB): put the prompt in a file of the repository and name it with \"prompt_file\"")
            : File.ReadAllBytes(file);

    /// <summary>The job such a file asks for; its `prompt_file` must lie in <paramref name="repoRoot"/>, relative to it.</summary>
    public static JobRequest FromRepository(byte[] bytes, string repoRoot) =>
        Read(Encoding.UTF8.GetString(bytes), f => PromptFileScope.Read(repoRoot, f, allowOutside: false, from: repoRoot));

    /// <summary>A checked request: the prompt must say something; the implementer always writes; a review of pull request <paramref name="pr"/> never does.</summary>
    public static JobRequest Request(string role, string prompt, string? agent, bool write, string? pr = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new QueueException("the prompt is empty: write what the agent should do");
        }

        var writes = write || Role.Parse(role) == Role.Implementer;
        if (pr is not null)
        {
            pr = PullRequestReview.Reference(pr) ?? throw new QueueException($"pr \"{pr}\" is not a pull request: give its number (42) or its URL (https://github.com/OWNER/REPO/pull/42)");
            if (writes)
            {
                throw new QueueException($"a review of pull request {pr} reads only: give it a reading role such as reviewer, without write");
            }
        }

        return new JobRequest(role, prompt, agent?.ToLowerInvariant(), writes, pr);
    }

    /// <summary>Null when <paramref name="role"/> can name a role; otherwise the rest of a sentence that starts with where it came from.</summary>
    public static string? RoleProblem(string role) =>
        role.Length == 0 || role.Length > 40 || !char.IsAsciiLetterLower(role[0])
            || role.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            ? $"\"{role}\" is not a role name; use implementer, reviewer, auditor, orchestrator or another lower-case word"
            : null;

    /// <summary>Null when <paramref name="agent"/> names a built-in agent; otherwise the rest of a sentence that starts with where it came from.</summary>
    public static string? AgentProblem(string agent) =>
        AgentAdapters.Builtin.Find(agent) is null ? $"\"{agent}\" is not an agent; use {AgentAdapters.Builtin.Names}" : null;

    private static string Text(JsonProperty field) => field.Value.ValueKind == JsonValueKind.String
        ? field.Value.GetString()!
        : throw new QueueException($"\"{field.Name}\" is {field.Value.ValueKind.ToString().ToLowerInvariant()}, not a string");

    private static bool Flag(JsonProperty field, bool? earlier)
    {
        var value = field.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new QueueException($"\"{field.Name}\" is {field.Value.ValueKind.ToString().ToLowerInvariant()}, not true or false"),
        };
        return earlier is { } e && e != value
            ? throw new QueueException("\"write\" and \"writes\" disagree: keep one of them")
            : value;
    }
}
