using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Guardrails;

/// <summary>
/// Scores sprint and bug text for prompt injection without a model: weighted signals (an order to ignore earlier
/// instructions, a new persona, chat-template role markers, requests for secrets or for pushes to main, edits to ias's
/// own configuration, invisible characters, instructions hidden in base64), combined so that each kind of signal
/// counts once and the score stays in [0, 1].
/// </summary>
/// <remarks>
/// Signals combine as independent evidence, 1 − Π(1 − weight): one strong signal alone reaches the default threshold
/// of 0.7 (an order to ignore the previous instructions has no honest reading in a sprint plan), a weak one alone only
/// warns ("system prompt" is a fair phrase in a sprint about a chatbot), and weak ones together add up.
/// </remarks>
public static partial class InjectionDetector
{
    // Matching gives up after this long on one text; the caller fails open and lets the text through.
    private const int TimeoutMs = 2000;

    private const string InvisibleName = "invisible_characters";
    private const string TagName = "tag_characters";
    private const string EncodedName = "encoded_instructions";

    private static readonly (string Name, double Weight, Regex Pattern)[] Phrases =
    [
        ("instruction_override", 0.7, InstructionOverride()),
        ("unrestricted_mode", 0.6, UnrestrictedMode()),
        ("secret_request", 0.5, SecretRequest()),
        ("prompt_extraction", 0.5, PromptExtraction()),
        ("role_marker", 0.5, RoleMarker()),
        ("config_tampering", 0.5, ConfigTampering()),
        ("role_reassignment", 0.4, RoleReassignment()),
        ("git_tampering", 0.4, GitTampering()),
        ("new_instructions", 0.4, NewInstructions()),
        ("system_prompt", 0.3, SystemPrompt()),
    ];

    public static InjectionReport Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new Dictionary<string, InjectionSignal>(StringComparer.Ordinal);
        foreach (var signal in Hidden(text).Concat(Read(text, decode: true)))
        {
            found.TryAdd(signal.Name, signal);
        }

        if (found.Count == 0)
        {
            return InjectionReport.Clean;
        }

        var score = 1 - found.Values.Aggregate(1.0, (rest, s) => rest * (1 - s.Weight));
        return new InjectionReport(Math.Round(score, 2), [.. found.Values.OrderBy(s => s.Line).ThenByDescending(s => s.Weight)]);
    }

    /// <summary>The phrase signals of a text (and of the base64 in it, when <paramref name="decode"/>), read as a person sees it.</summary>
    private static IEnumerable<InjectionSignal> Read(string text, bool decode)
    {
        // Compatibility forms (fullwidth letters) read as their plain letters, and format characters (zero-width
        // spaces, joiners, bidi controls) are dropped, so "ig\u200Bnore" is still "ignore". Neither touches a line break.
        var plain = Visible(text.Normalize(NormalizationForm.FormKC));
        foreach (var (name, weight, pattern) in Phrases)
        {
            if (pattern.Match(plain) is { Success: true } m)
            {
                yield return new InjectionSignal(name, weight, LineAt(plain, m.Index), Excerpt(m.Value));
            }
        }

        if (!decode)
        {
            yield break;
        }

        foreach (Match blob in Base64().Matches(plain))
        {
            if (Decoded(blob.Value) is { } inner && Read(inner, decode: false).FirstOrDefault() is { } hidden)
            {
                yield return new InjectionSignal(EncodedName, 0.7, LineAt(plain, blob.Index), $"base64 of \"{hidden.Excerpt}\"");
            }
        }
    }

    /// <summary>Characters a reader cannot see: zero-width and bidi controls, and the tag characters that can spell a whole hidden text.</summary>
    private static IEnumerable<InjectionSignal> Hidden(string text)
    {
        int? invisible = null, tags = null;
        var line = 1;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '\n')
            {
                line++;
            }
            else if (c is >= 0xE0000 and <= 0xE007F)
            {
                tags ??= line;
            }
            else if (c is 0x200B or 0x180E or (>= 0x2060 and <= 0x2064) or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
                || (c == 0xFEFF && index > 0))
            {
                invisible ??= line;
            }

            index += rune.Utf16SequenceLength;
        }

        if (tags is { } t)
        {
            yield return new InjectionSignal(TagName, 0.7, t, "Unicode tag characters");
        }

        if (invisible is { } i)
        {
            yield return new InjectionSignal(InvisibleName, 0.5, i, "zero-width or bidi control characters");
        }
    }

    private static string Visible(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                b.Append(rune.ToString());
            }
        }

        return b.ToString();
    }

    /// <summary>The text a base64 run holds, when it is text: valid UTF-8, mostly printable, with words in it.</summary>
    private static string? Decoded(string blob)
    {
        var padded = blob.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var printable = decoded.Count(ch => !char.IsControl(ch) || ch is '\n' or '\r' or '\t');
        return printable >= decoded.Length * 0.9 && decoded.Contains(' ', StringComparison.Ordinal) ? decoded : null;
    }

    private static int LineAt(string text, int index)
    {
        var line = 1;
        for (var i = text.IndexOf('\n'); i >= 0 && i < index; i = text.IndexOf('\n', i + 1))
        {
            line++;
        }

        return line;
    }

    private static string Excerpt(string matched)
    {
        return ShortText.Cut(ShortText.Words(matched), 48);
    }

    // "Ignore all previous instructions", "disregard the above guidelines", "forget everything you were told",
    // "do not follow your instructions". Rules, context and commands are left out: "the parser ignores prior rules"
    // is a sprint task, not an attack.
    [GeneratedRegex("""
        \b(?:ignore|disregard|forget)\s+(?:(?:all|any|every|each|the|of|these|those|your)\s+)*(?:(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|system|developer|safety)\s+)+(?:instructions?|prompts?|directions|directives|guidelines|guidance)\b
        | \b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?)?your\s+(?:\w+\s+)?(?:instructions|rules|guidelines|programming|training)\b
        | \bforget\s+(?:everything|all)\s+(?:you\s+(?:know|were\s+told|have\s+been\s+told)|(?:that\s+was\s+)?(?:said\s+)?(?:above|before))\b
        | \b(?:do\s+not|don't|never)\s+(?:follow|obey)\s+(?:your|the\s+(?:previous|prior|original|system|above))\s+(?:instructions|rules|guidelines|prompt)\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex InstructionOverride();

    // "Act as an AI without restrictions", "DAN mode", "do anything now".
    [GeneratedRegex("""
        \b(?:act|behave|respond|operate|work)\s+(?:as|like)\b[^.\n]{0,60}?\b(?:without|with\s+no|free\s+(?:of|from)|ignoring)\s+(?:any\s+|all\s+)?(?:restrictions|limitations|limits|rules|filters|guardrails|safeguards|censorship|guidelines)\b
        | \b(?:DAN|jailbreak|unrestricted|unfiltered)\s+mode\b
        | \bdo\s+anything\s+now\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex UnrestrictedMode();

    // The agent's own secrets leaving the machine: key files, credential files, secret variables, or "your tokens".
    // "Send the API key in the Authorization header" names no one's key in particular and is left alone.
    [GeneratedRegex("""
        \b(?:reveal|print|echo|dump|exfiltrate|leak|upload|paste|cat|send|post|curl|printenv)\b[^.\n]{0,40}?(?:~/\.ssh|\bid_(?:rsa|ed25519|ecdsa)\b|\.aws/credentials|\.git-credentials|\.netrc\b|\.npmrc\b|\.pypirc\b|(?<![\w.])\.env\b|\$\{?[A-Z0-9_]*(?:TOKEN|API_KEY|SECRET|PASSWORD)\b)
        | \b(?:reveal|print|echo|dump|exfiltrate|leak|upload|paste|send|post)\s+(?:out\s+)?(?:all\s+(?:of\s+)?)?(?:your|the\s+(?:agent's|machine's|host's|runner's|user's))\s+(?:secrets|credentials|api\s+keys|keys|tokens|passwords|environment(?:\s+variables)?|env\s+vars|ssh\s+keys)\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex SecretRequest();

    [GeneratedRegex("""
        \b(?:reveal|print|show|repeat|output|display|leak|dump|tell\s+me|give\s+me)\s+(?:me\s+)?(?:your|the\s+(?:system|hidden|initial|original|secret))\s+(?:system\s+|hidden\s+|initial\s+|original\s+|secret\s+)?(?:prompt|instructions)\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex PromptExtraction();

    // Chat-template tokens and turn headers, which only a model's input has: "<|im_start|>system", "[INST]",
    // "### System:", and the old "Human:"/"Assistant:" turns (in their own case, so a YAML key "assistant:" is no turn).
    [GeneratedRegex("""
        <\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>
        | \[/?INST\] | <</?SYS>>
        | ^[\ \t]*\#{1,6}[\ \t]*(?:system|assistant)[\ \t]*(?:prompt|message)?[\ \t]*:
        | (?-i:^[\ \t]*(?:Human|Assistant)[\ \t]*:[\ \t]*\S)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline, TimeoutMs)]
    private static partial Regex RoleMarker();

    // ias's own inputs and safety: its configuration, its prompts, the hooks ICE installs, the run state, the guardrails.
    [GeneratedRegex("""
        \b(?:edit|modify|change|overwrite|rewrite|replace|delete|remove|rm|update|disable|empty|truncate|set)\b[^.\n]{0,40}?(?:\.loa\.config\.yaml|\.ias/prompts|\.git/hooks|\.git/info|(?<![\w.])\.run/|guardrails\.input|LOA_GUARDRAILS_ENABLED)
        | \bLOA_GUARDRAILS_ENABLED\s*=\s*(?:false|0|no|off)\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex ConfigTampering();

    [GeneratedRegex("""
        \byou\s+are\s+now\s+(?:a|an|the|my|in\s+\w+\s+mode|acting|playing)\b
        | \byou\s+are\s+no\s+longer\s+(?:a|an|the|bound|restricted|limited)\b
        | \bfrom\s+now\s+on,?\s+(?:you|the\s+(?:agent|assistant|model))\s+(?:are|will|must|should|shall)\b
        | \bpretend\s+(?:to\s+be|(?:that\s+)?you\s+are)\b
        | \b(?:your|the\s+assistant's)\s+new\s+(?:role|persona|identity|purpose|task|goal)\s+(?:is|are|will\s+be)\b
        | \bassume\s+the\s+(?:role|identity|persona)\s+of\b
        | \broleplay\s+as\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex RoleReassignment();

    // What ICE refuses anyway, asked for in words: pushes to main, force pushes, merges, hooks turned off. "Deploy on
    // push to main" describes a CI trigger, not an order, and is left alone.
    [GeneratedRegex("""
        (?<!\b(?:on|every|each|a|after|before|upon|any|per|no)\s)\bpush(?:ing)?\s+(?:(?:it|this|that|them|everything|all|changes|commits?|the\s+\w+|your\s+\w+)\s+)?(?:(?:directly|straight|right)\s+)?(?:to|into|onto)\s+(?:the\s+)?(?:origin[/\ ])?(?:main|master|production|prod|trunk)\b
        | \bforce[\s-]?push | \bpush\s+(?:\S+\s+){0,2}?(?:--force(?:-with-lease)?|-f)(?!\w)
        | \b(?:merge|land)\s+(?:it|this|the\s+(?:pr|pull\s+request|branch))\s+(?:in)?to\s+(?:main|master|production)\b
        | \bgh\s+pr\s+merge\b
        | --no-verify\b
        | \b(?:disable|skip|bypass|remove|delete|uninstall|rewrite|edit|modify)\s+(?:the\s+|all\s+|any\s+)?(?:git\s+|ICE's\s+)?(?:pre-push|pre-commit|git|ICE)\s+hooks?\b
        | \bcore\.hooksPath\b
        | \bgit\s+(?:reset\s+--hard\s+origin|branch\s+-D|push\s+(?:origin\s+)?--delete|push\s+origin\s+:)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, TimeoutMs)]
    private static partial Regex GitTampering();

    [GeneratedRegex("""
        ^[\ \t]*(?:\#{1,6}[\ \t]*|\*\*)?(?:new|updated|real|actual|revised)\s+(?:system\s+)?instructions?[\ \t]*(?:\*\*)?[\ \t]*:
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline, TimeoutMs)]
    private static partial Regex NewInstructions();

    [GeneratedRegex(@"\bsystem\s+prompt\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex SystemPrompt();

    // Standard and URL-safe alphabets. Fewer than 24 characters hold no sentence worth hiding; a longer run is decoded
    // and, if it is text, read like the text around it.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Base64();
}
