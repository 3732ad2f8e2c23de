using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>
/// A `gh` on PATH that records each call's arguments (tab-separated, one call a line) and keeps the PR body it was given;
/// `pr create` answers with a URL (pull/7, then pull/8, … one per head branch), `pr list --head` finds that branch's PR
/// afterwards, `issue view` answers with a bug report, `pr view` with pull request 42 (whose `pr comment` it keeps), and `auth status` fails when not signed in (or, with
/// <c>signsOutAfterFirstCheck</c>, from its second call on: a token that expires while the run works).
/// </summary>
internal sealed class FakeGh : IDisposable
{
    public const string Url = "https://github.com/acme/demo/pull/7";

    /// <summary>The pull request `pr view` tells of (#42, branch feature/greeting onto main), which `pr comment` comments on.</summary>
    public const string ReviewedUrl = "https://github.com/acme/demo/pull/42";

    private readonly TempDir _dir = new();

    public FakeGh(bool authenticated = true, bool signsOutAfterFirstCheck = false)
    {
        const string SignedIn = "echo 'Logged in to github.com account ias-test'; exit 0";
        const string SignedOut = "echo 'You are not logged into any GitHub hosts. To log in, run: gh auth login' >&2; exit 1";
        Directory.CreateDirectory(BinDir);
        var d = ShellWords.Quote(_dir.Path);
        var script = $$"""
            #!/bin/sh
            # Fake gh for ias tests: records arguments, never talks to GitHub.
            d={{d}}
            { printf 'gh'; for a in "$@"; do printf '\t%s' "$a"; done; printf '\n'; } >> "$d/calls"
            case "$1 $2" in
              "auth status")
                {{(!authenticated ? SignedOut : signsOutAfterFirstCheck ? $"if [ -f \"$d/checked\" ]; then {SignedOut}; fi; touch \"$d/checked\"; {SignedIn}" : SignedIn)}} ;;
              "pr list")
                h=$(printf '%s' "$4" | tr '/' '_'); [ -f "$d/url-$h" ] && cat "$d/url-$h"; exit 0 ;;
              "pr create")
                prev=""; head=""; body=""
                for a in "$@"; do
                  [ "$prev" = "--head" ] && head=$a; [ "$prev" = "--body-file" ] && body=$a; prev=$a
                done
                h=$(printf '%s' "$head" | tr '/' '_'); n=$(ls "$d" | grep -c '^url-')
                url="https://github.com/acme/demo/pull/$((7 + n))"
                cp "$body" "$d/created-body.md"; cp "$body" "$d/created-body-$h.md"
                echo "$url" > "$d/url-$h"; echo "$url"; exit 0 ;;
              "issue view")
                echo '{"title": "Token check rejects valid sessions", "body": "auth/session.txt refuses tokens that are still valid."}'; exit 0 ;;
              "pr view")
                oid=$(cat "$d/head-oid" 2>/dev/null)
                echo '{"number": 42, "url": "{{ReviewedUrl}}", "title": "Greet by name", "headRefName": "feature/greeting", "headRefOid": "'"$oid"'", "baseRefName": "main"}'; exit 0 ;;
              "pr comment")
                prev=""; for a in "$@"; do if [ "$prev" = "--body-file" ]; then cp "$a" "$d/comment.md"; fi; prev=$a; done
                echo '{{ReviewedUrl}}#issuecomment-1'; exit 0 ;;
              "pr edit")
                prev=""; for a in "$@"; do if [ "$prev" = "--body-file" ]; then cp "$a" "$d/edited-body.md"; fi; prev=$a; done
                echo '{{Url}}'; exit 0 ;;
            esac
            exit 0

            """;
        var gh = System.IO.Path.Combine(BinDir, "gh");
        File.WriteAllText(gh, script);
        IceShim.MakeExecutable(gh);
    }

    /// <summary>The directory to put first on PATH.</summary>
    public string BinDir => _dir.Combine("bin");

    public string CreatedBody => File.ReadAllText(_dir.Combine("created-body.md"));

    public string EditedBody => File.ReadAllText(_dir.Combine("edited-body.md"));

    /// <summary>The head commit `pr view` tells of (none until set).</summary>
    public string ReviewedHead { set => File.WriteAllText(_dir.Combine("head-oid"), value); }

    /// <summary>The body of the last `pr comment`.</summary>
    public string CommentBody => File.ReadAllText(_dir.Combine("comment.md"));

    /// <summary>The body of the PR created for <paramref name="head"/>.</summary>
    public string CreatedBodyFor(string head) => File.ReadAllText(_dir.Combine($"created-body-{head.Replace('/', '_')}.md"));

    /// <summary>Every call's arguments (without "gh"), in order.</summary>
    public IReadOnlyList<string[]> Calls =>
        File.Exists(_dir.Combine("calls"))
            ? File.ReadAllLines(_dir.Combine("calls")).Select(l => l.Split('\t')[1..]).ToList()
            : [];

    /// <summary>PATH with this gh first and the test's own PATH after it.</summary>
    public string SearchPath => BinDir + ":" + Environment.GetEnvironmentVariable("PATH");

    public void Dispose() => _dir.Dispose();
}
