using System.Text.Json;
using Microsoft.Data.Sqlite;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class AttackTableTests
{
    // What no text from an agent may bring to a terminal, a commit or a PR: ESC, BEL, the C1 CSI, DCS and ST, the
    // right-to-left override, a line separator and an invisible tag character.
    private static readonly string[] Live = ["\u001b", "\u0007", "\u009b", "\u0090", "\u009c", "\u202e", "\u2028", "\U000E0041"];

    // The hostile summary as printf writes it: OSC 52 (clipboard), OSC 0 (title), OSC 8 (link), C1 controls in UTF-8,
    // U+202E, a DCS and an APC string, a lone ESC, a cursor move and an unterminated OSC that would swallow what follows.
    private const string Hostile = """
        printf 'Done OSC-MARK \033]52;c;Y3VybCBldmlsLnNo\a \033]0;pwned\a \033]8;;https://evil.example/\033\\link\033]8;;\033\\ \302\233 31m \302\220dcs\302\234 \342\200\256txt.exe \033P1$q\033\\ \033_apc\033\\ \033[2J\033[1;1H lone\033 end \033]0;open\n'
        """;

    private const string GitLabToken = "glpat-Zx9Qw8Er7Ty6Ui5Op4As";
    private const string GoogleToken = "ya29.a0AfH6SMBzq9FAKEfake0123456789";
    private const string AzureKey = "FAKEa2V5IGZvciBhdHRhY2sgdGVzdHM0123456789+/==";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYZX9q8w7e6";
    private const string PemLine = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB";
    private const string JsonPassword = "p@ss-w0rd-5521";

    /// <summary>Text from the agent is inert wherever it is shown or stored; secrets stay redacted.</summary>
    private static Attack[] TextRows =>
    [
        new("escapes in the final text: commit, PR, events, progress", Implementer(Hostile), Outcome.Refused, "OSC-MARK")
        {
            Printed = printed => AssertInert("the headless run's output", printed),
            Check = async (repo, _) =>
            {
                await AssertStoredInertAsync(repo);
                var status = await repo.IasAsync("run-status", "--verbose");
                AssertInert("run-status", status.Out + status.Err);
                var json = await repo.IasAsync("run-status", "--json");
                JsonDocument.Parse(json.Out).Dispose();
                AssertInert("run-status --json", json.Out);
            },
        },
        new("a secret with its context, then bare in a later line and a later turn", Implementer($$"""
            if [ "$IAS_CYCLE" = 1 ]; then
              echo 'Configured SECRET-MARK'
              echo 'aws_secret_access_key = {{AwsSecret}}'
              printf -- '-----BEGIN RSA PRIVATE KEY-----\n{{PemLine}}\n-----END RSA PRIVATE KEY-----\n'
              echo 'bare in a later line: {{AwsSecret}}'
            else
              echo 'cycle 2 again {{AwsSecret}} and {{PemLine}}'
            fi
            """), Outcome.Refused, "SECRET-MARK")
        {
            Printed = printed => AssertAbsent("the run's output", printed, AwsSecret, PemLine),
            Check = async (repo, _) => AssertAbsent("the run's records and git", await EverythingStoredAsync(repo), AwsSecret, PemLine),
        },
        new("GitLab, Google and Azure tokens printed", Implementer($"echo 'TOKENS-MARK {GitLabToken} {GoogleToken} DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AzureKey};EndpointSuffix=core.windows.net'"), Outcome.Refused, "TOKENS-MARK")
        {
            Printed = printed => AssertAbsent("the run's output", printed, GitLabToken, GoogleToken, AzureKey),
            Check = async (repo, _) => AssertAbsent("the run's records and git", await EverythingStoredAsync(repo), GitLabToken, GoogleToken, AzureKey),
        },

        // A token cut in two by an escape: the job's raw log holds two harmless halves, but a terminal would show it whole;
        // made inert, the text the engine keeps has it whole, and whole it is redacted.
        new("a token split by an escape sequence", Implementer($"printf 'SPLIT-MARK {GitLabToken[..10]}\\033[0m{GitLabToken[10..]}\\n'"), Outcome.Refused, "SPLIT-MARK")
        {
            Printed = printed => AssertAbsent("the run's output", printed, GitLabToken),
            Check = async (repo, _) =>
            {
                AssertAbsent("the commits and the PR", await Shell.GitAsync(repo.Path, "log", "--all", "--format=%B") + PrText(repo), GitLabToken);
                AssertAbsent("ias.db", DatabaseText(repo), GitLabToken);
            },
        },

        // A password seen inside a JSON string, written with a \u escape, then printed bare (decoded) in the next turn.
        new("a password in a JSON string with \\u escapes, bare in the next turn", Implementer($$"""
            if [ "$IAS_CYCLE" = 1 ]; then
              echo 'JSON-MARK {"password": "{{JsonPassword.Replace("@", "\\u0040", StringComparison.Ordinal)}}"}'
            else
              echo 'now {{JsonPassword}}'
            fi
            """), Outcome.Refused, "JSON-MARK")
        {
            Printed = printed => AssertAbsent("the run's output", printed, JsonPassword),
            Check = async (repo, _) => AssertAbsent("the run's records and git", await EverythingStoredAsync(repo), JsonPassword),
        },

        // U+2028 is a line break to many terminals and viewers: a summary could forge a progress line of its own.
        new("a forged progress line behind a line separator", Implementer("printf 'FORGE-MARK work\\342\\200\\25012:00:00 JACKED_OUT   DONE         cycle 9/9  all reviews passed\\n'"), Outcome.Refused, "FORGE-MARK")
        {
            Printed = printed =>
            {
                AssertInert("the headless run's output", printed);
                Assert.DoesNotContain(printed.Split('\n'), l => l.StartsWith("12:00:00 JACKED_OUT", StringComparison.Ordinal));
            },
            Check = (repo, _) => AssertStoredInertAsync(repo),
        },

        // Invisible tag characters spell a hidden instruction for the next model that reads the PR or the log.
        new("invisible tag characters smuggled into the commit and the PR", Implementer("printf 'TAG-MARK visible\\363\\240\\201\\201\\363\\240\\201\\202 text\\n'"), Outcome.Refused, "TAG-MARK")
        {
            Printed = printed => AssertInert("the headless run's output", printed),
            Check = (repo, _) => AssertStoredInertAsync(repo),
        },

        // The agent deletes a file whose name holds an OSC title sequence and U+202E: the PR's deleted-files tree names it.
        // In the box the patch check refuses any path with a control character, so the name never reaches the PR; without
        // the box the agent deletes it in the checkout itself, and the PR's text is what stands between it and a terminal.
        new("escapes in a deleted file's name shown in the PR", Implementer("rm -f -- \"$(printf 'evil\\033]0;pwned\\a\\342\\200\\256gnp.md')\""), Outcome.Refused, "evil")
        {
            Unboxed = true,
            Setup = async repo =>
            {
                await File.WriteAllTextAsync(repo.File("evil\u001b]0;pwned\u0007\u202egnp.md"), "x\n");
                await DemoTests.Git(repo.Path, "add", "-A");
                await DemoTests.Git(repo.Path, "commit", "-q", "-m", "a file with a hostile name");
            },
            Printed = printed => AssertInert("the headless run's output", printed),
            Check = (repo, _) =>
            {
                AssertInert(".run/pr.md", PrText(repo));
                Assert.Contains("evil", PrText(repo), StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        },
    ];

    [Fact]
    public async Task A_question_with_escapes_is_inert_in_ias_decisions_in_its_record_and_in_the_run()
    {
        using var repo = new TestRepo();
        var dir = Path.GetDirectoryName(repo.Path)!;
        var ask = """
            if [ ! -f asked.txt ]; then
              echo yes > asked.txt
              ias ask "$(printf 'Which one? \033]52;c;Y3VybA==\a\033]0;title\033\\ \302\233 2J \342\200\256 right-to-left \033]8;;https://evil.example/\033\\ok\033]8;;\033\\ token glpat-Zx9Qw8Er7Ty6Ui5Op4As')"
            fi
            echo "answered $IAS_CYCLE" >> notes.md
            """;
        await repo.SetConfigAsync(Config + Implementer(ask)(dir));
        var home = await FakeHomeAsync(dir);
        var env = new Dictionary<string, string> { ["HOME"] = home };
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--local", "--headless");
        await engine.WaitForLineAsync("waiting for a person");

        var text = await repo.IasAsync(env, "decisions");
        Assert.True(text.Code == 0, text.Out + text.Err);
        Assert.Contains("Which one?", text.Out, StringComparison.Ordinal);
        AssertInert("ias decisions", text.Out);
        AssertAbsent("ias decisions", text.Out, GitLabToken);
        var json = await repo.IasAsync(env, "decisions", "--json");
        var question = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray()).GetProperty("question").GetString()!;
        AssertInert("ias decisions --json", question);
        Assert.StartsWith("Which one?", question, StringComparison.Ordinal);
        var record = Directory.GetFiles(repo.WorkTree("feature/sprint-1", "docs", "ias", "decisions")).Single(); // in the run's worktree
        AssertInert("the decision record", await File.ReadAllTextAsync(record));

        Assert.Equal(0, (await repo.IasAsync(env, "answer", "D1", "the first")).Code);
        Assert.Equal(0, await engine.ExitAsync());
        AssertInert("the headless run's output", engine.Stdout + engine.Stderr);
        await AssertStoredInertAsync(repo);
        // The question file itself is the agent's own, in its turn's scratch folder (box/), as it wrote it.
        AssertAbsent("the run's records and git", await EverythingStoredAsync(repo, "box"), GitLabToken);
    }

    /// <summary>The commit messages, the PR text and ias.db hold no live character.</summary>
    private static async Task AssertStoredInertAsync(TestRepo repo)
    {
        AssertInert("the commit messages", await Shell.GitAsync(repo.Path, "log", "--all", "--format=%B"));
        AssertInert(".run/pr.md", PrText(repo));
        AssertInert("ias.db", DatabaseText(repo));
    }

    private static void AssertInert(string where, string text)
    {
        foreach (var live in Live)
        {
            Assert.False(text.Contains(live, StringComparison.Ordinal),
                $"{where} holds U+{char.ConvertToUtf32(live, 0):X4} in:\n{string.Join('\n', text.Split('\n').Where(l => l.Contains(live, StringComparison.Ordinal)))}");
        }
    }

    private static void AssertAbsent(string where, string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal),
                $"{where} holds the secret {secret} in:\n{string.Join('\n', text.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal)))}");
        }
    }

    /// <summary>Every text value of every table in ias.db: its events, phases, decisions and the rest.</summary>
    private static string DatabaseText(TestRepo repo)
    {
        using var db = new SqliteConnection($"Data Source={repo.File(".run", "ias.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        var tables = new List<string>();
        using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
            using var r = list.ExecuteReader();
            while (r.Read())
            {
                tables.Add(r.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            using var select = db.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\";";
            using var r = select.ExecuteReader();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                {
                    if (!r.IsDBNull(i) && r.GetValue(i) is string value)
                    {
                        text.Append(table).Append(": ").Append(value).Append('\n');
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Everything `.run/` holds (but the folders named <paramref name="except"/>) and everything git holds: every commit's message and change.</summary>
    private static async Task<string> EverythingStoredAsync(TestRepo repo, string? except = null)
    {
        var files = Directory.EnumerateFiles(repo.File(".run"), "*", SearchOption.AllDirectories)
            .Where(f => except is null || !f.Split(Path.DirectorySeparatorChar).Contains(except))
            .Select(f =>
            {
                try
                {
                    return $"{f}: {File.ReadAllText(f)}";
                }
                catch (IOException)
                {
                    return "";
                }
            });
        return string.Join('\n', files) + await Shell.GitAsync(repo.Path, "log", "--all", "-p", "--format=%B");
    }
}
