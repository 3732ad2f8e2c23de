using System.Text;
using System.Text.Json;

namespace Ias.Core.Decisions;

/// <summary>
/// Where `ias ask` leaves an agent's questions for the engine: a file in the turn's scratch folder, the one place the
/// box lets every role write, named by <see cref="Variable"/>. One JSON line a question, so a question may span lines.
/// </summary>
public static class AskFile
{
    /// <summary>The variable that names the file in the agent's environment.</summary>
    public const string Variable = "IAS_ASK_FILE";

    public const string Name = "questions.jsonl";

    /// <summary>The file of the turn whose job folder is <paramref name="jobDir"/>, in its scratch folder (box/).</summary>
    public static string ForJob(string jobDir) => Path.Combine(jobDir, "box", Name);

    public static void Append(string path, string question)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("question", question);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');

        // The box makes the scratch folder; an agent run without the box finds its job folder and makes it here.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(buffer.ToArray());
    }

    /// <summary>The questions in the file, in the order asked; none when there is no file. A line that is not a question is skipped.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var questions = new List<string>();
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("question", out var q)
                    && q.ValueKind == JsonValueKind.String
                    && q.GetString() is { } text
                    && text.Trim().Length > 0)
                {
                    questions.Add(text.Trim());
                }
            }
            catch (JsonException)
            {
                // The agent can write this file by hand too; a broken line is not a question.
            }
        }

        return questions;
    }
}
