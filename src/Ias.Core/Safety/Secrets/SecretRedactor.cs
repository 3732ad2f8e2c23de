using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Ias.Core.Git;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// Replaces secrets in agent output with <see cref="Mark"/> before the output is logged, stored, shown, committed or
/// published: provider keys and tokens, AWS keys, private-key blocks, URL passwords, JWTs, and password/secret/token
/// assignments. <see cref="Redact(string)"/> takes any text, one line or many; a stream read line by line goes
/// through a <see cref="StreamRedactor"/> of its own, which carries a private-key block from line to line. A redactor
/// with a <see cref="SecretMemory"/> remembers each value it recognised by its context (an assignment, a URL's password,
/// a bearer token, a private key's lines) and redacts it bare from then on, in every stream and text sharing that memory.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret becomes; plain ASCII without quotes or backslashes, so a redacted JSON line stays valid JSON.</summary>
    public const string Mark = "[REDACTED]";

    // Shorter values are too likely to be ordinary words or numbers ("1", "true") that would blank out honest output.
    private const int ShortestValue = 8;

    // A line of a private key's body is remembered only when this long: a key's lines are 64 characters, its last line shorter.
    private const int KeyLineLength = 16;

    // How far before "PRIVATE KEY" its block's "-----BEGIN" may stand: the label between them is at most 40 characters.
    private const int LongestKeyLabel = 60;

    // Every shape below begins with one of these clues (an assignment with its keyword, a URL password at "://"); a
    // key's prefix and a private key's label are matched as written, the keywords in any case. Two vectorized searches
    // find the clues, and the regex is tried only where one stands: most lines hold none, and a line that does (every
    // Claude usage line says "tokens") costs a few anchored tries instead of a regex scan of the whole line.
    /// <summary>The clues of the shapes that need no keyword, matched as written.</summary>
    internal static readonly string[] ExactClueList =
        [
            "sk-", "AIza", "gho_", "ghp_", "ghr_", "ghs_", "ghu_", "github_pat_", "AKIA", "ASIA", "eyJ", "xox", "xapp-",
            "_live_", "_test_", "npm_", "pypi-", "PRIVATE KEY", "://", @":\/\/",
            "glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "glcbt-", "gloas-", "glimt-", "glagent-", "glft-", "glffct-", "GR1348941",
            "ya29.", "GOCSPX-", "sig=", "hooks.slack.com", "discord.com", "discordapp.com", "whsec_", "hf_", "SG.",
            "dop_v1_", "doo_v1_", "dor_v1_", "shpat_", "shpca_", "shppa_", "shpss_", "ATATT3", "lin_api_", "dapi", "sq0atp-",
            "sq0csp-", "glsa_", "glc_", "PMAK-", "AGE-SECRET-KEY-1", "dckr_pat_", "hvs.", "tskey-",
        ];

    private static readonly SearchValues<string> ExactClues = SearchValues.Create(ExactClueList, StringComparison.Ordinal);

    // A read of the pipe is searched for the same clues in sets of 16: the vectorized search sorts a set's strings into 8
    // buckets, and with two a bucket stream-json seldom looks like a candidate, where with all sixty it does so often
    // that the search is several times slower.
    private static readonly SearchValues<string>[] ExactClueSets =
        [.. ExactClueList.Chunk(16).Select(set => SearchValues.Create(set, StringComparison.Ordinal))];

    private static readonly SearchValues<string> FoldedClues = SearchValues.Create(
        ["bearer", "passw", "passphrase", "secret", "token", "api_key", "api-key", "apikey", "accountkey", "sharedaccesskey"],
        StringComparison.OrdinalIgnoreCase);

    // The words a folded clue must begin, whole, for the regex to be worth trying: the keywords of the assignment shape
    // below, spelled every way it allows, and bearer. "input_tokens" begins no such word, so a usage line costs no regex.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Keywords =
        new[] { "", "_", "-" }.SelectMany(a => new[] { "", "_", "-" }.Select(b => $"secret{a}access{b}key"))
            .Concat(["secret", "secretkey", "secret_key", "secret-key", "password", "passwd", "passphrase", "token", "apikey", "api_key", "api-key", "bearer"])
            .Concat(["accountkey", "sharedaccesskey"])
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string[] _values;
    private readonly Utf8Needles _valueBytes;
    private readonly SplitValues _splits;
    private readonly SecretMemory? _memory;

    private SecretRedactor(IEnumerable<string> values, SecretMemory? memory)
    {
        // Longest first, so a value that contains another is replaced whole.
        _values = [.. values.Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
        _splits = new SplitValues(_values);
        _valueBytes = new Utf8Needles([.. _values, .. _splits.Halves]);
        _memory = memory;
    }

    /// <summary>Redacts only the well-known secret shapes, no variable's value, and remembers nothing.</summary>
    public static SecretRedactor Patterns { get; } = new([], null);

    /// <summary>
    /// Redacts the secret shapes and the values of every <c>*_API_KEY</c> and <c>*_TOKEN</c> variable in <paramref name="environment"/>;
    /// with <paramref name="memory"/>, also the values it holds, and it learns each value recognised by its context.
    /// </summary>
    public static SecretRedactor For(IEnumerable<KeyValuePair<string, string>> environment, SecretMemory? memory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new List<string>();
        foreach (var (name, value) in environment)
        {
            if (!IsSecretName(name) || value is null || value.Trim().Length < ShortestValue)
            {
                continue;
            }

            // Inside stream-json a value with quotes, slashes or non-ASCII appears escaped, and base64 (a basic auth header, a
            // docker config, `echo $TOKEN | base64`) spells it anew; redact it in those forms too.
            foreach (var form in Base64Forms.Of(value).Prepend(value))
            {
                values.Add(form);
                values.AddRange(JsonEscapes.Of(form));
            }
        }

        return new SecretRedactor(values, memory);
    }

    /// <summary>The redactor for a child that inherits this process's environment with <paramref name="overlay"/> laid over it; it shares <see cref="SecretMemory.ThisProcess"/>.</summary>
    public static SecretRedactor ForChild(IReadOnlyDictionary<string, string> overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? "";
        }

        foreach (var (name, value) in overlay)
        {
            environment[name] = value;
        }

        return For(environment, SecretMemory.ThisProcess);
    }

    /// <summary>The redactor for text that leaves ias (a commit message, a PR): the shapes, this process's own key variables and what its memory holds.</summary>
    public static SecretRedactor ForThisProcess() => ForChild(new Dictionary<string, string>());

    /// <summary>Whether a variable of this name holds a secret: <c>*_API_KEY</c> or <c>*_TOKEN</c>, in any case.</summary>
    public static bool IsSecretName(string name) =>
        name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_TOKEN", StringComparison.OrdinalIgnoreCase);

    /// <summary>A redactor for one output stream read line by line, in order; each stream needs its own.</summary>
    public StreamRedactor ForStream() => new(this);

    /// <summary>
    /// Agent text as one inert line (see <see cref="InertText"/>), redacted again when that changed it: an escape between its
    /// halves hides a secret from the redactor that read the raw line, and making the text inert joins them.
    /// </summary>
    public static string InertLine(string text) => InertText.Line(text) is var inert && !ReferenceEquals(inert, text) ? ForThisProcess().Redact(inert) : inert;

    /// <summary>As <see cref="InertLine"/>, keeping line breaks and tabs.</summary>
    public static string InertLines(string text) => InertText.Lines(text) is var inert && !ReferenceEquals(inert, text) ? ForThisProcess().Redact(inert) : inert;

    /// <summary>The text with every secret replaced by <see cref="Mark"/>; the same instance when there was nothing to replace.</summary>
    public string Redact(string text) => Redact(text, out _);

    /// <summary>A PR's title and body, inert (one line, and many: see <see cref="InertText"/>) and redacted.</summary>
    public PullRequestText Redact(PullRequestText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PullRequestText(Redact(InertText.Line(text.Title)), Redact(InertText.Lines(text.Body)));
    }

    /// <summary>As <see cref="Redact(string)"/>; <paramref name="keyOpen"/> says a private-key block began and the text ended inside it.</summary>
    internal string Redact(string text, out bool keyOpen)
    {
        ArgumentNullException.ThrowIfNull(text);
        keyOpen = false;
        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mark, StringComparison.Ordinal);
            }
        }

        text = _memory?.Redact(text) ?? text;
        text = _splits.Redact(text);
        var keys = new List<string>();
        text = AwsSecrets.Redact(text, keys);
        var learned = _memory is not null && keys.Aggregate(false, (any, key) => _memory.Learn(key) | any);
        var span = text.AsSpan();
        var exact = span.IndexOfAny(ExactClues);
        var folded = span.IndexOfAny(FoldedClues);
        StringBuilder? b = null;
        var copied = 0;
        var from = 0;
        while (true)
        {
            exact = exact >= 0 && exact < from ? Next(span, from, ExactClues) : exact;
            folded = folded >= 0 && folded < from ? Next(span, from, FoldedClues) : folded;
            var at = exact < 0 ? folded : folded < 0 ? exact : Math.Min(exact, folded);
            if (at < 0)
            {
                break;
            }

            // A folded clue that begins no keyword ("input_tokens") is passed over whole, without the regex.
            if (at == folded && WordEnd(span, at) is var wordEnd && !Keywords.Contains(span[at..wordEnd]))
            {
                from = Math.Max(wordEnd, at + 1);
                continue;
            }

            var start = StartOf(text, at);
            var m = start >= copied ? Shapes().Match(text, start) : null;
            if (m is not { Success: true })
            {
                from = at + 1;
                continue;
            }

            // Only the secret itself (group v) is replaced: a scheme word, a variable's name, quotes and a URL's user and host stay, so the line still reads.
            var secret = m.Groups["v"];
            if (_memory is not null && (secret.Index > m.Index || m.Groups["key"].Success))
            {
                // Recognised by its context (a name, a scheme, a URL, a key's label), the value would pass bare elsewhere.
                learned |= m.Groups["key"].Success ? LearnKey(secret.Value) : _memory.Learn(secret.Value);
            }

            (b ??= new StringBuilder(text.Length)).Append(text, copied, secret.Index - copied).Append(Mark);
            copied = secret.Index + secret.Length;
            keyOpen = m.Groups["key"].Success && !m.Groups["end"].Success && m.Index + m.Length == text.Length;
            from = Math.Max(m.Index + m.Length, at + 1);
        }

        var redacted = b is null ? text : b.Append(text, copied, text.Length - copied).ToString();

        // A value learned here may stand bare elsewhere in the same text.
        return learned ? _memory!.Redact(redacted) : redacted;
    }

    /// <summary>The values this redactor knows (its variables', then its memory's), as pieces broken by line breaks are found.</summary>
    internal IEnumerable<SplitValues> Splits => _memory is null ? [_splits] : [_splits, _memory.Splits];

    /// <summary>Remembers a value a stream recognised by the line before it, so it is redacted bare from then on.</summary>
    internal void Learn(string value) => _memory?.Learn(value);

    /// <summary>Remembers a line read inside a private-key block, when it is the key's own characters and not a header.</summary>
    internal void LearnKeyLine(string line)
    {
        if (_memory is not null && !line.Contains(':', StringComparison.Ordinal) && line.Trim() is { Length: >= KeyLineLength } body)
        {
            _memory.Learn(body);
        }
    }

    /// <summary>Remembers the lines of a private-key block between its BEGIN and END lines (broken by line breaks or JSON's \n).</summary>
    private bool LearnKey(string block)
    {
        var learned = false;
        foreach (var line in block.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\n", StringComparison.Ordinal).Split(['\n', '\r']))
        {
            var body = line.Trim();
            if (body.Length >= KeyLineLength && !body.Contains("-----", StringComparison.Ordinal) && !body.Contains(':', StringComparison.Ordinal))
            {
                learned |= _memory!.Learn(body);
            }
        }

        return learned;
    }

    /// <summary>
    /// False when <see cref="Redact(string)"/> would return <paramref name="text"/> as it is: it holds no variable's value
    /// and no clue that a shape could start at. Reads a span, so a stream need not make a string of each line it passes on.
    /// </summary>
    internal bool MayHold(ReadOnlySpan<char> text)
    {
        if (_memory is not null && _memory.MayHold(text))
        {
            return true;
        }

        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return _splits.MayHold(text) || text.ContainsAny(ExactClues) || KeywordIn(text) >= 0;
    }

    /// <summary>Where the first value <see cref="MayHold"/> looks for (a variable's, or one the memory holds) stands in <paramref name="bytes"/>, UTF-8 read one char per byte; -1 when none does.</summary>
    internal int ValueIn(ReadOnlySpan<char> bytes)
    {
        var value = _valueBytes.IndexIn(bytes);
        var learned = _memory?.IndexIn(bytes) ?? -1;
        return value < 0 || (learned >= 0 && learned < value) ? learned : value;
    }

    /// <summary>How many kinds of clue <see cref="ClueIn"/> searches for, each on its own: values, keywords, and each set of exact clues.</summary>
    internal static int ClueKinds => ExactClueSets.Length + 2;

    /// <summary>The kind of clue <see cref="ClueIn"/> finds by the values of variables and of the memory, which grows as lines are redacted.</summary>
    internal const int ValueKind = 0;

    /// <summary>How many values the memory holds now; it only grows, so a change of it says new values were learned.</summary>
    internal int Known => _memory?.Count ?? 0;

    /// <summary>Where the first clue of kind <paramref name="kind"/> (see <see cref="ClueKinds"/>) stands in <paramref name="bytes"/>, UTF-8 read one char per byte; -1 when none does.</summary>
    internal int ClueIn(int kind, ReadOnlySpan<char> bytes) => kind switch
    {
        ValueKind => ValueIn(bytes),
        1 => KeywordIn(bytes),
        _ => bytes.IndexOfAny(ExactClueSets[kind - 2]),
    };

    /// <summary>Where the first folded clue that begins a keyword stands in <paramref name="text"/>; -1 when none does.</summary>
    internal static int KeywordIn(ReadOnlySpan<char> text)
    {
        // As in Redact: a folded clue that begins no keyword ("input_tokens") starts no shape.
        var from = 0;
        while (Next(text, from, FoldedClues) is var at and >= 0)
        {
            var wordEnd = WordEnd(text, at);
            if (Keywords.Contains(text[at..wordEnd]))
            {
                return at;
            }

            from = Math.Max(wordEnd, at + 1);
        }

        return -1;
    }

    private static int Next(ReadOnlySpan<char> span, int from, SearchValues<string> clues)
    {
        var k = span[from..].IndexOfAny(clues);
        return k < 0 ? -1 : from + k;
    }

    private static int WordEnd(ReadOnlySpan<char> span, int at)
    {
        var end = at;
        while (end < span.Length && (char.IsAsciiLetterOrDigit(span[end]) || span[end] is '_' or '-'))
        {
            end++;
        }

        return end;
    }

    /// <summary>Where a shape whose clue stands at <paramref name="at"/> begins: at the clue, except for Stripe keys and private-key blocks.</summary>
    private static int StartOf(string text, int at)
    {
        var rest = text.AsSpan(at);
        if (rest.StartsWith("_live_", StringComparison.Ordinal) || rest.StartsWith("_test_", StringComparison.Ordinal))
        {
            return at - 2; // sk_ or rk_; a negative start is no shape
        }

        if (rest.StartsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            var window = Math.Min(at, LongestKeyLabel);
            return window == 0 ? -1 : text.LastIndexOf("-----BEGIN", at - 1, window, StringComparison.Ordinal);
        }

        return at;
    }

    /// <summary>Where the END line of a private-key block ends in <paramref name="line"/>, or -1 when the line has none.</summary>
    internal static int KeyEndIn(string line)
    {
        if (!line.Contains("-----END", StringComparison.Ordinal))
        {
            return -1;
        }

        var m = KeyEnd().Match(line);
        return m.Success ? m.Index + m.Length : -1;
    }

    /// <summary>Whether <paramref name="line"/> can be a line inside a private-key block: base64, or a header such as `Proc-Type: 4,ENCRYPTED`.</summary>
    internal static bool IsKeyBody(string line) => KeyBody().IsMatch(line);

    // Provider key formats as their vendors document them; sk- covers OpenAI's sk-proj- and Anthropic's sk-ant- alike.
    // A shared access signature's sig= and a Slack or Discord webhook's path are the secret parts of their URLs.
    // The lookbehind keeps words such as "task-force" whole; bearer keeps its scheme word so the line still reads.
    // A private-key block runs to its END line or, cut short, as far as key characters go (a JSON string's closing quote
    // ends it; "\n" inside JSON is a line break). A URL keeps its user and host, and may come with JSON's escaped
    // slashes. An assignment keeps its name, its separator and its quotes, in plain text, as a JSON member
    // (`"password": "…"`, whose value must be a string: `"token": 5` is a count) and escaped inside a JSON string
    // (`password=\"…\"`); an unquoted value ends where a quote, a backslash or punctuation begins, so JSON stays valid.
    [GeneratedRegex(
        """
        \G(?:
        (?<![A-Za-z0-9_])(?:(?<v>
            sk-ant-[A-Za-z0-9_\-]{8,}
          | sk-[A-Za-z0-9_\-]{20,}
          | AIza[0-9A-Za-z_\-]{30,}
          | gh[pousr]_[A-Za-z0-9]{30,}
          | github_pat_[A-Za-z0-9_]{22,}
          | (?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])
          | eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*
          | xox[abeoprs]-[A-Za-z0-9\-]{10,}
          | xapp-[A-Za-z0-9\-]{10,}
          | (?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}
          | npm_[A-Za-z0-9]{30,}
          | pypi-AgEI[A-Za-z0-9_\-]{20,}
          | gl(?:pat|dt|rt|ptt|soat|cbt|oas|imt|agent|ft|ffct)-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]+)*
          | GR1348941[A-Za-z0-9_\-]{20,}
          | ya29\.[A-Za-z0-9_\-]{20,}
          | GOCSPX-[A-Za-z0-9_\-]{20,}
          | whsec_[A-Za-z0-9+/=]{20,}
          | hf_[A-Za-z0-9]{30,}
          | SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}
          | do[opr]_v1_[a-f0-9]{64}
          | shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}
          | ATATT3[A-Za-z0-9_\-=]{20,}
          | lin_api_[A-Za-z0-9]{30,}
          | dapi[a-f0-9]{32}(?:-[0-9])?
          | sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,}
          | glsa_[A-Za-z0-9_]{32,}
          | glc_[A-Za-z0-9+/=_\-]{32,}
          | PMAK-[a-f0-9]{24}-[a-f0-9]{34}
          | AGE-SECRET-KEY-1[0-9A-Z]{50,}
          | dckr_pat_[A-Za-z0-9_\-]{20,}
          | hvs\.[A-Za-z0-9_\-]{24,}
          | tskey-[A-Za-z0-9\-]{16,}
          )
          | (?i:bearer)\s+(?<v>[A-Za-z0-9._~+/\-]{8,}=*)
        )
        | (?<v>(?<key>-----BEGIN[A-Z0-9\ ]{0,40}PRIVATE\ KEY(?:\ BLOCK)?-----)
            (?:(?!-----END)(?:[A-Za-z0-9+/=:,.\-\ \t\r\n]|\\[nrt]))*
            (?<end>-----END[A-Z0-9\ ]{0,40}PRIVATE\ KEY(?:\ BLOCK)?-----)?)
        | :(?://|\\/\\/)[^\s:/@"'\\]*:(?<v>[^\s/"'\\]+)@
        | (?<=[?&]|\\u0026)sig=(?<v>(?:[A-Za-z0-9+/_\-]|%[0-9A-Fa-f]{2}){16,})
        | (?:hooks\.slack\.com(?:/|\\/)(?:services|workflows|triggers)|discord(?:app)?\.com(?:/|\\/)api(?:/|\\/)webhooks)
          (?:/|\\/)(?<v>(?:[A-Za-z0-9_\-]|/|\\/){16,})
        | (?i:pass(?:word|wd|phrase)|secret(?:[_\-]?access[_\-]?key|[_\-]?key)?|token|api[_\-]?key|accountkey|sharedaccesskey)
          (?: \\"[\ \t]*:[\ \t]*\\"(?<v>(?:[^"\\\r\n]|\\[^"\r\n])+)\\"
            | "[\ \t]*:[\ \t]*"(?<v>(?:[^"\\\r\n]|\\.)+)"
            | '?[\ \t]*[:=][\ \t]*
              (?: \\"(?<v>(?:[^"\\\r\n]|\\[^"\r\n])+)\\"
                | "(?<v>(?:[^"\\\r\n]|\\.)+)"
                | '(?<v>[^'"\r\n]+)'
                | (?<v>(?:[^\s"'\\,;&<>(){}\[\]`]|\\u[0-9A-Fa-f]{4})+)))
        )
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex Shapes();

    [GeneratedRegex(@"-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex KeyEnd();

    [GeneratedRegex(@"^[A-Za-z0-9+/=:,.\- \t\r]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyBody();
}
