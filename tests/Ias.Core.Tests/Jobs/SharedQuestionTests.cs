using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Tests.Support;
using Npgsql;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A shared queue's questions on a real PostgreSQL: asked by one checkout's runner, listed and answered from another,
/// taken only by the runner that asked, and written through the data policy.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedQuestionTests(PostgresClusterFixture postgres) : IDisposable
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "shop", "file:///srv/shop.git", "main");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private readonly ManualClock _clock = new(QueueFixture.Start);
    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _open = [];

    [PostgresFact]
    public void A_question_asked_on_one_box_is_listed_on_another_as_Q1_and_of_two_answering_at_once_one_wins()
    {
        var db = postgres.CreateDatabase();
        var (a, _) = Runner(db, "a", create: true);
        var (b, _) = Runner(db, "b");

        var asked = a.Questions.Ask(Question("Tabs or spaces?"));

        Assert.Equal("Q1", asked.Id);
        var listed = Assert.Single(b.Questions.Open());
        Assert.Equal(("Q1", "Tabs or spaces?", "box-a", "/src/shop", "s-1"), (listed.Id, listed.Question, listed.Host, listed.Checkout, listed.SessionId));

        var answers = Enumerable.Range(0, 8).AsParallel().Select(i =>
        {
            var store = i % 2 == 0 ? a.Questions : b.Questions;
            return (Text: $"answer {i}", Decision: store.Answer(i % 2 == 0 ? "Q1" : "q1", $"answer {i}", _clock.GetUtcNow(), out var already), Already: already);
        }).ToList();

        var won = Assert.Single(answers, x => !x.Already);
        Assert.All(answers, x => Assert.Equal(won.Text, x.Decision!.Answer));
        Assert.Empty(b.Questions.Open());
        Assert.Null(b.Questions.Answer("Q9", "nothing", _clock.GetUtcNow(), out _));
        Assert.Null(b.Questions.Find("D1"));
    }

    [PostgresFact]
    public void Only_the_runner_that_asked_takes_the_answer_given_on_another_box_and_hands_it_on_once()
    {
        var db = postgres.CreateDatabase();
        var (a, aRoot) = Runner(db, "a", create: true);
        var (b, _) = Runner(db, "b");
        a.Enqueue("reviewer", "Review.", null, writes: false);
        var job = a.Claim("runner a")!;
        var asking = new JobDecisions(a, Timeout, _clock);

        var asked = Assert.Single(asking.Ask(job, Asking(a, job, "Tabs or spaces?"), "s-1")!);
        Assert.Equal("Q1", asked.Id);
        Assert.Equal("asks Q1: Tabs or spaces?; answer with `ias answer Q1 \"…\"`", b.Find(job.Id)!.Reason);

        var desk = new DecisionDesk(null, b.Questions, Path.Combine(_dir.Path, "b"), _clock);
        Assert.Equal("spaces", desk.Answer("Q1", "spaces", out _)!.Answer);
        Assert.Null(desk.Answer("Q1", "tabs", out var again));
        Assert.StartsWith("decision Q1 was already answered at", again, StringComparison.Ordinal);

        Assert.Null(new JobDecisions(b, Timeout, _clock).Look().Answered);
        Assert.Equal(job.Id, asking.Look().Answered?.Id);
        var resumed = a.Resume("runner a", job.Id)!;
        var (head, session, deliver) = asking.ForAttempt(resumed);
        Assert.Equal(("Q1", "s-1"), (Assert.Single(deliver), session));
        Assert.Contains("spaces", head, StringComparison.Ordinal);
        Assert.Contains("## Answer\n\nspaces\n", File.ReadAllText(Path.Combine(aRoot, DecisionRecordFile.RelativePath(asked))), StringComparison.Ordinal);

        asking.Delivered(deliver);
        Assert.Empty(asking.ForAttempt(resumed).Deliver);
    }

    [PostgresFact]
    public void Metadata_only_keeps_the_question_out_of_the_shared_table_yet_the_asking_runner_hands_its_agent_the_full_text()
    {
        var db = postgres.CreateDatabase();
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "intake.rawContent", "decision.answer" });
        var (a, aRoot) = Runner(db, "a", create: true, policy);
        var (b, _) = Runner(db, "b", policy: policy);
        a.Enqueue("reviewer", "Review.", null, writes: false);
        var job = a.Claim("runner a")!;
        var asking = new JobDecisions(a, Timeout, _clock);

        var asked = Assert.Single(asking.Ask(job, Asking(a, job, "Refund ACME Corp in full?"), "s-1")!);

        Assert.Equal("Refund ACME Corp in full?", asked.Question);
        var stored = Raw(db, "SELECT question FROM queue_decisions;");
        Assert.StartsWith("[withheld: decision.question, sha256:", stored, StringComparison.Ordinal);
        var listed = Assert.Single(b.Questions.Open());
        Assert.True(listed.Withheld);
        Assert.DoesNotContain("ACME", listed.Question, StringComparison.Ordinal);

        b.Questions.Answer("Q1", "yes, in full", _clock.GetUtcNow(), out _);
        var (head, _, _) = asking.ForAttempt(a.Resume("runner a", job.Id)!);
        Assert.Contains("Refund ACME Corp in full?", head, StringComparison.Ordinal);
        Assert.Contains("yes, in full", head, StringComparison.Ordinal);
        var record = File.ReadAllText(Path.Combine(aRoot, DecisionRecordFile.RelativePath(asked)));
        Assert.Contains("## Question\n\nRefund ACME Corp in full?\n\n## Answer\n\nyes, in full\n", record, StringComparison.Ordinal);

        // An answer the policy would withhold is refused: the asking runner could not hand it on.
        var (strict, _) = Runner(db, "c", policy: policy with { Allowlist = new HashSet<string> { "intake.rawContent" } });
        var e = Assert.Throws<QueueException>(() => strict.Questions.Answer("Q1", "no", _clock.GetUtcNow(), out _));
        Assert.Contains("decision.answer", e.Message, StringComparison.Ordinal);
    }

    private Decision Question(string text) =>
        new Decision("", text, _clock.GetUtcNow(), "night", "0001-reviewer", Decision.JobPhase, 1, "reviewer", "s-1") { Host = "box-a", Checkout = "/src/shop" };

    private static string Asking(JobQueue queue, Job job, string question)
    {
        var attempt = Path.Combine(queue.Paths.JobDir(job.Id), $"attempt-{job.Attempts}");
        AskFile.Append(AskFile.ForJob(attempt), question);
        return attempt;
    }

    private (JobQueue Queue, string Root) Runner(string db, string name, bool create = false, DataPolicy? policy = null)
    {
        var store = PostgresQueueStore.Open(db, Repo, policy ?? DataPolicy.Default, QueueConfig.Defaults.Lease);
        _open.Add(store);
        var root = Path.Combine(_dir.Path, name);
        if (create)
        {
            JobQueue.Create(store, root, "night", _clock);
        }

        var queue = new JobQueue(store, new QueuePaths(root, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        return (queue, root);
    }

    private static string Raw(string db, string sql)
    {
        using var connection = new NpgsqlConnection(db);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        return (string)cmd.ExecuteScalar()!;
    }

    public void Dispose()
    {
        foreach (var d in _open)
        {
            d.Dispose();
        }

        _dir.Dispose();
    }
}
