using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Tests.Jobs;

/// <summary>The runner folder's own files as people and `ias drop-in` read them: result.json and config.json.</summary>
public sealed class RunnerFileJsonTests
{
    private static readonly JobResult Done = new(
        "0001-implementer", 2, "done", true, "none", 0, "", "session-1", 1200, 340, 0.0123m, "Added the + button: café",
        new JobEvidence(["a1b2c3d"], ["src/app.cs"], null));

    [Fact]
    public void A_result_has_its_fields_in_order_snake_case_with_nulls_kept_and_text_as_it_is()
    {
        Assert.Equal(
            """
            {
              "job": "0001-implementer",
              "attempt": 2,
              "outcome": "done",
              "success": true,
              "failure": "none",
              "exit_code": 0,
              "detail": "",
              "session_id": "session-1",
              "tokens_in": 1200,
              "tokens_out": 340,
              "cost_usd": 0.0123,
              "final_text": "Added the + button: café",
              "evidence": {
                "commits": [
                  "a1b2c3d"
                ],
                "changed_files": [
                  "src/app.cs"
                ],
                "pr_url": null
              }
            }

            """,
            RunnerFileJson.Render(Done));
    }

    [Fact]
    public void A_result_without_a_turn_keeps_every_field_as_null()
    {
        var text = RunnerFileJson.Render(new JobResult("0002-reviewer", 1, "lost", false, null, null, null, null, null, null, null, null, null));

        foreach (var field in new[] { "failure", "exit_code", "detail", "session_id", "tokens_in", "tokens_out", "cost_usd", "final_text", "evidence" })
        {
            Assert.Contains($"\"{field}\": null", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_result_reads_back_as_it_was_written_and_one_that_does_not_read_is_none()
    {
        var read = RunnerFileJson.ReadResult(RunnerFileJson.Render(Done));

        Assert.NotNull(read);
        Assert.Equal(Done with { Evidence = null }, read with { Evidence = null });
        Assert.Equal(Done.Evidence!.Commits, read.Evidence!.Commits);
        Assert.Null(RunnerFileJson.ReadResult("{\"attempt\": \"two\"}"));
        Assert.Null(RunnerFileJson.ReadResult("not json"));
    }

    [Fact]
    public void The_runner_config_file_holds_the_retries_and_the_lease()
    {
        var config = new QueueConfig(4, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)) { MaxBackoff = TimeSpan.FromMinutes(10) };

        Assert.Equal(
            """
            {
              "run": "night",
              "retry": {
                "max_attempts": 4,
                "backoff_seconds": 30,
                "max_backoff_seconds": 600
              },
              "lease_minutes": 15
            }

            """,
            RunnerFileJson.Render(RunnerConfigFile.Of("night", config)));
    }
}
