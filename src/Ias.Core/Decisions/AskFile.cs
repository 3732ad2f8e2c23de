using System.Text.Json;
using Ias.Core.Storage;

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

    /// <summary>
    /// The most the file may hold, all questions together: a question is for a person to read, and the file is read whole
    /// into memory and stored in the database and the repository's record.
    /// </summary>
    public const int Limit = 64 * 1024;

    /// <summary>
    /// The questions in the file, in the order asked; none when there is no file. A line that is not a question is skipped.
    /// The agent may have put anything there, so it is read as data (<see cref="AgentFile"/>): a link, a FIFO, a hard link or
    /// a file over <see cref="Limit"/> is not read, and <c>Refused</c> says why in one line.
    /// </summary>
    public static (IReadOnlyList<string> Questions, string? Refused) Read(string path)
    {
        var read = AgentFile.Read(path, Limit);
        if (read.Refused is { } refused)
        {
            // Gone with its refusal, so nothing that lists the turn's files later opens a FIFO or carries 200 MB along.
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder in the file's place stays; it is read as no question each time.
            }

            return ([], $"the agent's questions were not taken: {refused}");
        }

        var questions = new List<string>();
        foreach (var line in read.Text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = AgentJson.Parse(line);
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

        return (questions, null);
    }
}
