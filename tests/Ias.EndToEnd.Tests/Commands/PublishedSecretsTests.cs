using System.Runtime.Versioning;
using System.Text;
using Ias.Core.Safety.Secrets;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// An agent that prints every kind of secret, by a real `ias run` and a real queue job: none of them reaches a file under
/// .run/ (the database included), a job log, a commit message on either side of the push, or the draft PR.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PublishedSecretsTests
{
    [Fact]
    public async Task Secrets_an_implementer_and_a_reviewer_print_reach_no_state_file_no_commit_and_no_pull_request()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        using var tools = new TempDir();
        var secrets = new Secrets();
        var implementer = await WriteScriptAsync(tools.Combine("implementer.sh"), secrets.Implementer("work.txt"));
        var reviewer = await WriteScriptAsync(tools.Combine("reviewer.sh"), secrets.Reviewer());
        await repo.SetConfigAsync($"""
            run_mode:
              enabled: true
              defaults:
                max_cycles: 6
                timeout_hours: 1
            agents:
              default:
                agent: custom
                command: {reviewer}
              implementer:
                agent: custom
                command: {implementer}

            """);

        var run = await repo.IasAsync(RunGit.Env(gh.SearchPath), "run", "sprint-1", "--headless");

        RunGit.AssertExit(0, run);
        secrets.AssertNowhere("ias run's output", run.Out + run.Err);
        await AssertRunFolderCleanAsync(repo.File(".run"), secrets);

        // The commit subject is the implementer's first line: the AWS key and the URL password it held are marked, the rest reads.
        var subjects = await origin.SubjectsAsync("feature/sprint-1");
        Assert.Contains(subjects, s => s.Contains("Done [REDACTED] https://deploy:[REDACTED]@git.example.com", StringComparison.Ordinal));
        secrets.AssertNowhere("the local history", await Shell.GitAsync(repo.Path, "log", "--all", "--format=%B"));
        secrets.AssertNowhere("the remote's history", await Shell.GitAsync(origin.Path, "log", "--all", "--format=%B"));

        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        secrets.AssertNowhere("the PR's title and arguments", string.Join('\n', create));
        secrets.AssertNowhere("the PR body gh was given", gh.CreatedBody);
        Assert.Contains("Done [REDACTED]", gh.CreatedBody);

        // The findings the reviewer named with secrets in them are stored, and marked.
        var review = Directory.GetDirectories(repo.File(".run", "jobs")).Single(d => d.Contains("-c1-review-", StringComparison.Ordinal));
        Assert.Contains("leaks [REDACTED] and [REDACTED]", await File.ReadAllTextAsync(Path.Combine(review, "stdout.jsonl")));
        Assert.Contains("leaks [REDACTED] and [REDACTED]", await DatabaseTextAsync(repo.File(".run", "ias.db")));

        // The private key printed line by line is marked on every line of it, on stdout and on stderr alike.
        var implement = Directory.GetDirectories(repo.File(".run", "jobs")).Single(d => d.Contains("-c1-implement-", StringComparison.Ordinal));
        var stdout = await File.ReadAllLinesAsync(Path.Combine(implement, "stdout.jsonl"));
        var begin = Array.IndexOf(stdout, SecretRedactor.Mark);
        Assert.True(begin > 0, string.Join('\n', stdout));
        Assert.Equal(Enumerable.Repeat(SecretRedactor.Mark, 4), stdout[begin..(begin + 4)]);
        Assert.Equal("after the key", stdout[begin + 4]);
        Assert.Contains(SecretRedactor.Mark + "\n" + SecretRedactor.Mark, await File.ReadAllTextAsync(Path.Combine(implement, "stderr.log")));
    }

    [Fact]
    public async Task Secrets_a_queue_job_prints_reach_no_runner_file_no_state_file_and_no_commit()
    {
        using var repo = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: sim }\n");
        var secrets = new Secrets();
        var implementer = await WriteScriptAsync(repo.Outside("implementer.sh"), secrets.Implementer("queue-work.txt"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".loa.config.yaml"), $"agents:\n  default: {{ agent: sim }}\n  implementer: {{ agent: custom, command: {implementer} }}\n");
        await Shell.GitAsync(repo.Path, "commit", "-qam", "custom implementer");
        await repo.EnqueueAsync("implementer", "Do the work.");

        var once = await repo.OkAsync("run-once", "--run", repo.Run);

        secrets.AssertNowhere("ias run-once's output", once);
        await AssertRunFolderCleanAsync(Path.Combine(repo.Path, ".run"), secrets);
        foreach (var file in Directory.EnumerateFiles(repo.RunnerDir, "*", SearchOption.AllDirectories))
        {
            secrets.AssertNowhere(file, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
        }

        var log = await Shell.GitAsync(repo.Path, "log", "--all", "--format=%B");
        secrets.AssertNowhere("the history", log);
        Assert.Contains("Done [REDACTED] https://deploy:[REDACTED]@", log);
    }

    /// <summary>Every file under .run/ byte for byte (the database's WAL included), and every value of every table of the database.</summary>
    private static async Task AssertRunFolderCleanAsync(string runDir, Secrets secrets)
    {
        foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            secrets.AssertNowhere(file, Encoding.UTF8.GetString(bytes));
            secrets.AssertNowhere(file + " (as Latin-1)", Encoding.Latin1.GetString(bytes));
        }

        secrets.AssertNowhere("the database's tables", await DatabaseTextAsync(Path.Combine(runDir, "ias.db")));
    }

    /// <summary>Every value of every table, one per line, read through SQLite.</summary>
    private static async Task<string> DatabaseTextAsync(string db)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] blob ? Encoding.UTF8.GetString(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static async Task<string> WriteScriptAsync(string path, string body)
    {
        await File.WriteAllTextAsync(path, body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>One of each secret format, random for each test, so a hit can only be a leak.</summary>
    private sealed class Secrets
    {
        private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private const string Base64 = Alnum + "+/";
        private const string Base64Url = Alnum + "-_";

        public string AwsKeyId { get; } = "AKIA" + Random(Upper, 16);

        public string AwsSecret { get; } = Random(Base64, 40);

        public string[] KeyLines { get; } = [Random(Base64, 64), Random(Base64, 64), Random(Base64, 40) + "=="];

        public string UrlPassword { get; } = Random(Alnum, 18);

        public string Jwt { get; } = "eyJhbGciOiJIUzI1NiJ9.eyJ" + Random(Base64Url, 30) + "." + Random(Base64Url, 43);

        public string Slack { get; } = "xoxb-" + Random("0123456789", 12) + "-" + Random(Alnum, 24);

        public string Stripe { get; } = "sk_live_" + Random(Alnum, 24);

        public string Npm { get; } = "npm_" + Random(Alnum, 36);

        public string PyPi { get; } = "pypi-AgEIcHlwaS5vcmc" + Random(Base64Url, 60);

        public string Password { get; } = Random("abcdefghijklmnopqrstuvwxyz0123456789", 14);

        public string ApiToken { get; } = Random(Alnum, 20);

        private string Json => $"{{\"password\": \"{Password}\", \"token\": \"{ApiToken}\"}}";

        private IEnumerable<string> All =>
            [AwsKeyId, AwsSecret, .. KeyLines, UrlPassword, Jwt, Slack, Stripe, Npm, PyPi, Password, ApiToken];

        /// <summary>An implementer that changes <paramref name="file"/> and prints each secret on stdout (its first line becomes the commit subject) and some on stderr.</summary>
        public string Implementer(string file) => $"""
            #!/bin/bash
            cat >/dev/null
            echo "cycle $IAS_CYCLE" >> {file}
            echo 'Done {AwsKeyId} https://deploy:{UrlPassword}@git.example.com/x.git'
            echo 'aws_secret_access_key = {AwsSecret}'
            echo 'export AWS_SECRET_ACCESS_KEY={AwsSecret}'
            echo 'Authorization uses {Jwt}'
            echo 'slack {Slack}, stripe {Stripe}, npm {Npm}, pypi {PyPi}'
            echo 'DB_PASSWORD="{Password}" api_token: {ApiToken}'
            echo '{Json}'
            echo '-----BEGIN RSA PRIVATE KEY-----'
            echo '{KeyLines[0]}'
            echo '{KeyLines[1]}'
            echo '-----END RSA PRIVATE KEY-----'
            echo 'after the key'
            echo '-----BEGIN OPENSSH PRIVATE KEY-----' >&2
            echo '{KeyLines[2]}' >&2
            echo '-----END OPENSSH PRIVATE KEY-----' >&2
            echo 'warning: secret={Password} url https://ci:{UrlPassword}@example.com' >&2
            exit 0

            """;

        /// <summary>A reviewer (and auditor) whose first review names findings with secrets in them, and that passes after.</summary>
        public string Reviewer() => $$"""
            #!/bin/bash
            cat >/dev/null
            echo 'Reviewed with token={{ApiToken}} and {{Stripe}}'
            if [ "$IAS_ROLE" = reviewer ] && [ "$IAS_CYCLE" = 1 ]; then
              printf '%s\n' '```json' '{"verdict": "findings", "findings": [{"id": "F1", "severity": "high", "title": "leaks {{AwsKeyId}} and {{Slack}}", "file": "work.txt"}]}' '```'
            else
              printf '%s\n' '```json' '{"verdict": "pass", "findings": []}' '```'
            fi

            """;

        public void AssertNowhere(string where, string text)
        {
            foreach (var secret in All)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} holds the secret {secret}");
            }
        }

        private static string Random(string alphabet, int length) =>
            new([.. Enumerable.Range(0, length).Select(_ => alphabet[System.Random.Shared.Next(alphabet.Length)])]);
    }
}
