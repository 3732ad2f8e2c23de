using System.Text.Json;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("key sk-ant-api03-AbCdEfGhIjKl_mnop-QRST end", "key [REDACTED] end")]
    [InlineData("OPENAI sk-proj-abcdefghijklmnopqrstuvwxyz012", "OPENAI [REDACTED]")]
    [InlineData("sk-abcdefghijklmnopqrstuv", "[REDACTED]")]
    [InlineData("google=AIzaSyA1234567890abcdefghijklmnopqrstu", "google=[REDACTED]")]
    [InlineData("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 gho_abcdefghijklmnopqrstuvwxyz0123456789", "gh [REDACTED] [REDACTED]")]
    [InlineData("github_pat_11ABCDEFG0abcdefghijklmn_opqrstuvwxyz", "[REDACTED]")]
    [InlineData("Authorization: Bearer eyJhbGciOi.payload.sig==", "Authorization: Bearer [REDACTED]")]
    [InlineData("authorization: bearer abcdefgh12345678", "authorization: bearer [REDACTED]")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE done", "aws [REDACTED] done")]
    [InlineData("session ASIAY34FZKBOKMUTVV7A", "session [REDACTED]")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED]")]
    [InlineData("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "export AWS_SECRET_ACCESS_KEY=[REDACTED]")]
    [InlineData("\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",", "\"SecretAccessKey\": \"[REDACTED]\",")]
    [InlineData("git clone https://alice:s3cr3t-pass@github.com/acme/x.git", "git clone https://alice:[REDACTED]@github.com/acme/x.git")]
    [InlineData("DATABASE_URL=postgres://app:p@ss:w0rd@db.internal:5432/app", "DATABASE_URL=postgres://app:[REDACTED]@db.internal:5432/app")]
    [InlineData("push to https://:ghs_token-value@github.com/x", "push to https://:[REDACTED]@github.com/x")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok", "jwt [REDACTED] ok")]
    [InlineData("slack xoxb-0000000000-0000000000000-FAKEfakeFAKEfake", "slack [REDACTED]")]
    [InlineData("slack xoxp-0000000000-FAKEfakeFAKE xoxa-2-FAKEfakeFAKE xoxr-FAKEfakeFAKE", "slack [REDACTED] [REDACTED] [REDACTED]")]
    [InlineData("app xapp-1-A0000000000-0000000000000-fakefakefake", "app [REDACTED]")]
    [InlineData("stripe sk_live_FAKE00000000000000000000 rk_live_FAKE00000000000000000000 sk_test_FAKE0000000000000000", "stripe [REDACTED] [REDACTED] [REDACTED]")]
    [InlineData("//registry.npmjs.org/:_authToken=npm_FAKEabcdefghijklmnopqrstuvwxyz0123456789", "//registry.npmjs.org/:_authToken=[REDACTED]")]
    [InlineData("npm npm_FAKEabcdefghijklmnopqrstuvwxyz0123456789", "npm [REDACTED]")]
    [InlineData("pypi pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlsz", "pypi [REDACTED]")]
    [InlineData("DB_PASSWORD=\"hunter2\"", "DB_PASSWORD=\"[REDACTED]\"")]
    [InlineData("password=hunter2", "password=[REDACTED]")]
    [InlineData("Password: hunter2", "Password: [REDACTED]")]
    [InlineData("client_secret: 'correct horse battery'", "client_secret: '[REDACTED]'")]
    [InlineData("{\"api_key\": \"abc123\", \"n\": 1}", "{\"api_key\": \"[REDACTED]\", \"n\": 1}")]
    [InlineData("GITHUB_TOKEN=abcdef; next", "GITHUB_TOKEN=[REDACTED]; next")]
    [InlineData("SECRET_KEY = 'django-insecure-x'", "SECRET_KEY = '[REDACTED]'")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naFDrBz9vFqU4yQ==\n-----END RSA PRIVATE KEY-----\nthen", "[REDACTED]\nthen")]
    public void Well_known_secret_shapes_are_replaced_by_the_mark(string line, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Patterns.Redact(line));
    }

    [Theory]
    [InlineData("""{"text":"the key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nok"}""", """{"text":"the key:\n[REDACTED]\nok"}""")]
    [InlineData("""{"text":"cut -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B","n":1}""", """{"text":"cut [REDACTED]","n":1}""")]
    [InlineData("""{"text":"DB_PASSWORD=\"hunter2\" set"}""", """{"text":"DB_PASSWORD=\"[REDACTED]\" set"}""")]
    [InlineData("""{"command":"curl https:\/\/bob:pw-1234@host\/x"}""", """{"command":"curl https:\/\/bob:[REDACTED]@host\/x"}""")]
    [InlineData("""{"password":"a\"b","token":"x"}""", """{"password":"[REDACTED]","token":"[REDACTED]"}""")]
    [InlineData("""{"text":"secret=ab\u002Bcd rest"}""", """{"text":"secret=[REDACTED] rest"}""")]
    public void Secrets_inside_a_json_line_are_redacted_and_the_line_stays_valid_json(string line, string expected)
    {
        var redacted = SecretRedactor.Patterns.Redact(line);

        Assert.Equal(expected, redacted);
        JsonDocument.Parse(redacted).Dispose();
    }

    [Theory]
    [InlineData("SECRET_ACCESS_KEY")]
    [InlineData("secret-access-key")]
    [InlineData("SecretAccessKey")]
    [InlineData("secret_key")]
    [InlineData("SECRETKEY")]
    [InlineData("passwd")]
    [InlineData("Passphrase")]
    [InlineData("API-KEY")]
    [InlineData("apikey")]
    [InlineData("x_token")]
    public void Every_spelling_of_a_secret_name_hides_the_value_assigned_to_it(string name)
    {
        Assert.Equal($"{name}=[REDACTED] next", SecretRedactor.Patterns.Redact($"{name}=hunter2x next"));
        Assert.Equal($"\"{name}\": \"[REDACTED]\"", SecretRedactor.Patterns.Redact($"\"{name}\": \"hunter2x\""));
    }

    public static TheoryData<string> Secrets() =>
    [
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "xoxb-0000000000-0000000000000-FAKEfakeFAKEfake",
        "sk_live_FAKE00000000000000000000",
        "npm_FAKEabcdefghijklmnopqrstuvwxyz0123456789",
        "pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlsz",
        "hunter2-correct",
        "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn",
    ];

    /// <summary>Each secret in the ways agents print it: prose, a shell assignment, a URL, a key file, YAML, and each of those inside stream-json.</summary>
    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_secret_is_gone_wherever_it_stands_and_redacting_twice_changes_nothing(string secret)
    {
        var inUrl = Uri.EscapeDataString(secret);
        string[] plain =
        [
            $"aws_secret_access_key = {secret}",
            $"export AWS_SECRET_ACCESS_KEY={secret}",
            $"DB_PASSWORD=\"{secret}\" ./start",
            $"db:\n  password: '{secret}'\n  host: x",
            $"token: {secret}",
            $"https://deploy:{inUrl}@example.com/repo.git",
            $"-----BEGIN EC PRIVATE KEY-----\n{secret}\n-----END EC PRIVATE KEY-----",
        ];
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var text in plain.Concat(plain.Select(p => JsonSerializer.Serialize(new { type = "text", text = p }, relaxed))))
        {
            var once = SecretRedactor.Patterns.Redact(text);

            Assert.DoesNotContain(secret, once, StringComparison.Ordinal);
            Assert.DoesNotContain(inUrl, once, StringComparison.Ordinal);
            Assert.Equal(once, SecretRedactor.Patterns.Redact(once));
            if (text.StartsWith('{'))
            {
                var decoded = JsonDocument.Parse(once).RootElement.GetProperty("text").GetString()!;
                Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("the task-force-abcdefghijklmnopqrstuvwxyz met")]
    [InlineData("risk-assessment-of-the-whole-module-done")]
    [InlineData("sk-short")]
    [InlineData("a bearer of news")]
    [InlineData("AIza is a prefix")]
    [InlineData("tests passed: 3 of 3, verdict pass")]
    [InlineData("""{"usage":{"input_tokens":1000,"output_tokens":2000},"max_tokens":4096}""")]
    [InlineData("see https://github.com/acme/demo/pull/7 and http://localhost:8080/health")]
    [InlineData("git@github.com:acme/x.git")]
    [InlineData("password_reset.py changed; the token is checked; tokenizer: bpe")]
    [InlineData("AKIA is a prefix, AKIA1234 too short")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("sk_live_ short, npm_ci, pypi-upload")]
    [InlineData("a secretary of the passwordless login")]
    [InlineData("""{"secret": true, "token": 5, "password": null, "api_key":false}""")]
    public void Ordinary_text_that_only_looks_a_little_like_a_key_is_left_alone(string line)
    {
        Assert.Same(line, SecretRedactor.Patterns.Redact(line));
    }

    [Fact]
    public void Values_of_API_KEY_and_TOKEN_variables_are_redacted_and_other_variables_are_not()
    {
        var redactor = SecretRedactor.For(new Dictionary<string, string>
        {
            ["MY_SERVICE_API_KEY"] = "plainvalue-12345",
            ["slack_token"] = "xoxb-lowercase-name-1",
            ["SHORT_TOKEN"] = "1",
            ["HOME"] = "/home/someone-long-path",
        });

        var line = redactor.Redact("k=plainvalue-12345 t=xoxb-lowercase-name-1 n=1 h=/home/someone-long-path");

        Assert.Equal("k=[REDACTED] t=[REDACTED] n=1 h=/home/someone-long-path", line);
    }

    [Fact]
    public void A_value_with_quotes_and_slashes_is_redacted_inside_a_json_line_and_the_line_stays_valid_json()
    {
        const string Value = "se\"cret/with+odd<chars>";
        var redactor = SecretRedactor.For([new("ODD_TOKEN", Value)]);
        var json = JsonSerializer.Serialize(new { text = $"the token is {Value}, and a key sk-ant-api03-abcdefgh12345" });

        var redacted = redactor.Redact(json);

        Assert.Equal("the token is [REDACTED], and a key [REDACTED]", JsonDocument.Parse(redacted).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void A_child_inherits_the_secrets_of_this_process_and_its_overlay()
    {
        var redactor = SecretRedactor.ForChild(new Dictionary<string, string> { ["AGENT_API_KEY"] = "overlay-secret-value" });

        Assert.Equal("[REDACTED]", redactor.Redact("overlay-secret-value"));
    }
}
