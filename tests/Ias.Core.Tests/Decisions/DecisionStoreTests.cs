using Ias.Core.Decisions;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Decisions;

/// <summary>The decisions table: questions get short ids, are answered once, and an answer is handed to the agent once.</summary>
public sealed class DecisionStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 19, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Questions_get_ids_in_order_and_stay_open_until_answered_once()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var decisions = new DecisionStore(store);

        var first = decisions.Ask(Question("run-a", "English or French?"));
        var second = decisions.Ask(Question("run-b", "Keep the old API?"));

        Assert.Equal(["D1", "D2"], decisions.Open().Select(d => d.Id));
        Assert.Equal("English or French?", decisions.Find("d1")!.Question);
        Assert.Equal("s-1", decisions.Find("1")!.SessionId);
        Assert.Null(decisions.Find("D9"));
        Assert.Null(decisions.Find("nonsense"));

        var answered = decisions.Answer(first.Id, "French", At.AddMinutes(5), out var already);
        Assert.False(already);
        Assert.Equal("French", answered!.Answer);
        Assert.Equal(At.AddMinutes(5), answered.Answered);
        Assert.Equal([second.Id], decisions.Open().Select(d => d.Id));

        var again = decisions.Answer(first.Id, "English", At.AddMinutes(6), out already);
        Assert.True(already);
        Assert.Equal("French", again!.Answer);
        Assert.Null(decisions.Answer("D9", "x", At, out _));
    }

    [Fact]
    public void An_answer_is_marked_delivered_once_and_keeps_its_first_delivery_time()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var decisions = new DecisionStore(store);
        var asked = decisions.Ask(Question("run-a", "Which?"));
        decisions.Answer(asked.Id, "This one", At, out _);

        decisions.Delivered([asked.Id], At.AddMinutes(1));
        decisions.Delivered([asked.Id], At.AddMinutes(2));

        Assert.Equal(At.AddMinutes(1), decisions.OfRun("run-a").Single().Delivered);
        Assert.Empty(decisions.OfRun("run-b"));
    }

    [Fact]
    public void A_database_of_schema_4_gets_the_decisions_table_when_opened()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "DROP TABLE usage_parked; ALTER TABLE runs DROP COLUMN not_published; DROP TABLE decisions; PRAGMA user_version=4;");

        using var store = RunStore.Open(db);

        Assert.Equal("D1", new DecisionStore(store).Ask(Question("run-a", "Which?")).Id);
    }

    [Fact]
    public void The_record_holds_the_question_while_open_and_the_answer_once_given()
    {
        using var dir = new TempDir();
        var open = Question("run-a", "English or French?\nThe sprint says both.") with { Id = "D3" };

        DecisionRecordFile.Write(dir.Path, open);
        var path = dir.Combine("docs", "ias", "decisions", "run-a-D3.md");
        Assert.Equal(
            "# Decision D3: English or French?\n\n- Asked: 2026-01-19T10:00:00Z by the implementer of run-a (IMPLEMENT, cycle 1)\n- Status: open, waiting for a person\n\n## Question\n\nEnglish or French?\nThe sprint says both.\n",
            File.ReadAllText(path));

        DecisionRecordFile.Write(dir.Path, open with { Answer = "French", Answered = At.AddHours(1) });
        Assert.EndsWith("- Answered: 2026-01-19T11:00:00Z\n\n## Question\n\nEnglish or French?\nThe sprint says both.\n\n## Answer\n\nFrench\n", File.ReadAllText(path));
        Assert.True(DecisionRecordFile.IsRecord("docs/ias/decisions/run-a-D3.md"));
        Assert.False(DecisionRecordFile.IsRecord("docs/ias/decisions.md"));
    }

    [Fact]
    public void The_ask_file_keeps_questions_that_span_lines_and_skips_lines_that_are_not_questions()
    {
        using var dir = new TempDir();
        var path = AskFile.ForJob(dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        AskFile.Append(path, "First?\nWith \"quotes\".");
        File.AppendAllText(path, "not json\n{\"question\": \"\"}\n");
        AskFile.Append(path, "Second?");

        Assert.Equal(["First?\nWith \"quotes\".", "Second?"], AskFile.Read(path).Questions);
        Assert.Empty(AskFile.Read(dir.Combine("none.jsonl")).Questions);
    }

    [Fact]
    public void The_answer_prompt_names_each_question_and_its_answer_on_one_line()
    {
        var answered = Question("run-a", "English\nor French?") with { Id = "D1", Answer = "French" };

        var text = AnswerPrompt.For([answered]);

        Assert.Contains("The person answered your question (D1) \"English or French?\": French\n", text, StringComparison.Ordinal);
        Assert.Equal("", AnswerPrompt.For([]));
    }

    private static Decision Question(string run, string text) =>
        new("", text, At, run, $"{run}-p1-c1-implement-a1", "IMPLEMENT", 1, "implementer", "s-1");

    [Fact]
    public void A_question_file_over_its_limit_is_refused_without_reading_it()
    {
        using var dir = new TempDir();
        var path = AskFile.ForJob(dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        {
            file.SetLength(200L * 1024 * 1024);
        }

        var (questions, refused) = AskFile.Read(path);

        Assert.Empty(questions);
        Assert.Contains($"more than the {AskFile.Limit}", refused, StringComparison.Ordinal);
    }
}
