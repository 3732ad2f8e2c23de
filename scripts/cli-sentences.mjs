#!/usr/bin/env node
// The failure sentences each agent CLI can print, read from its installed package (claude's and codex's native binaries,
// gemini's bundled JavaScript), compared with the list kept in tests/Ias.Core.Tests/Agents/Cassettes/Sentences/CLI.tsv.
//
//   scripts/cli-sentences.mjs [--node-modules DIR] [--recorded DIR] [--write | --diff] [CLI…]
//
// DIR defaults to tests/agent-clis/node_modules (the versions pinned in its package-lock.json) and the recorded lists'
// folder to the one above; CLI is claude, codex or gemini (default all three). With no mode it prints each CLI's version
// line and its sentences. --diff prints, per CLI, the sentences found but not recorded (+) and recorded but not found (-),
// and a changed version; it exits 1 when anything differs, 2 when a CLI is not installed. --write rewrites the lists
// from what it finds, keeping the class and note of every sentence already there and giving new ones the class "?",
// which the unit test of the lists refuses until a person writes the class the words deserve.
//
// Selection rule, the same for the three CLIs:
//  1. Text: runs of printable UTF-8 of 12 bytes or more in each file (what `strings` sees). In JavaScript, claude's source
//     embedded in its binary and gemini's bundle, each string literal is one candidate, its escapes decoded and each
//     template hole written {}. In codex's Rust binary literals lie back to back with no separator, so a run is cut where a
//     word ends and the next begins with a capital ("…try againThis thread") or a sentence's full stop touches the next
//     word ("…instead.chatgpt"); a piece still longer than 240 characters is left out.
//  2. A candidate is a sentence a person reads: at least three words, a letter (or "[") first, 16 to 400 characters, no mark
//     of code, a path, a URL template or a JSON key (see CODE below).
//  3. It names a failure that can end a turn: one of FAILURE below (usage limit, quota, rate limit, 429/5xx, overloaded,
//     billing, credit, permission denied, auth and login, network and stream errors, a bad argument or option), and one of
//     STATEMENT (words that say it went wrong: error, failed, reached, exceeded, invalid, denied, expired, try again…), so a
//     setting's description that only names a limit ("Manage usage limits") is left out; and none of ELSEWHERE (a file, a
//     tool, an MCP server, the sandbox…), whose failures the agent reads as a tool's answer and goes on.
// The same sentence in several files is kept once, from the first file in name order.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const FAILURE = new RegExp([
  String.raw`usage limit`, String.raw`hit your (\w+ )?limit`, String.raw`limit reached`, String.raw`out of (extra )?usage`, String.raw`usage credits`,
  String.raw`\bquota\b`, String.raw`rate[ _-]?limit`, String.raw`too many requests`, String.raw`\b(401|402|403|429|500|502|503|504|529)\b`,
  String.raw`overloaded`, String.raw`internal server error`, String.raw`service unavailable`, String.raw`billing`, String.raw`credit balance`,
  String.raw`out of credits`, String.raw`payment`, String.raw`permission[ _]denied`, String.raw`denied access`, String.raw`access (is )?denied`,
  String.raw`\bforbidden\b`, String.raw`unauthori[sz]ed`, String.raw`invalid (api[ _-]?key|bearer token|x-api-key)`, String.raw`api key (not valid|is invalid)`,
  String.raw`not logged in`, String.raw`please run /login`, String.raw`login (has )?expired`, String.raw`(oauth|access) token (is )?(expired|revoked|has been revoked|has expired|invalid)`,
  String.raw`authentication (failed|error|required)`, String.raw`failed to authenticate`, String.raw`connection (error|refused|reset)`,
  String.raw`\b(econnrefused|econnreset|enotfound|etimedout|eai_again)\b`, String.raw`socket hang up`, String.raw`fetch failed`, String.raw`network error`,
  String.raw`stream disconnected`, String.raw`error sending request`, String.raw`unexpected argument`, String.raw`unknown (option|argument)`,
  String.raw`unrecognized (option|argument|subcommand)`, String.raw`invalid value for '?--`, String.raw`api error`,
].join("|"), "i");

const STATEMENT = /\berror\b|\bfail|\binvalid\b|\bdenied\b|\bexceeded\b|\breached\b|\bhit your\b|\btoo (low|many)\b|\bexpired\b|\brevoked\b|\bnot logged in\b|please (run|log|sign|re-?auth)|\boverloaded\b|\b(is|are|was|temporarily|currently|service|capacity) unavailable\b|\brefused\b|\breset by\b|disconnected|timed out|\bunexpected\b|\bunknown\b|\bunrecognized\b|\bnot valid\b|\binsufficient\b|\bexhausted\b|\bdisabled\b|\blimited\b|unauthori[sz]ed|\bforbidden\b|\bblocked\b|\bsuspended\b|\brequired\b|try again|\bmissing\b|\bcannot\b|\bcould not\b|\bunable\b|\brun out\b|\bran out\b|\bout of\b|\bnot (permitted|allowed|supported|found|enabled)\b|\bonly\b.*\bplan\b|\bupgrade\b|\bwait\b/i;

// Failures of something other than the model API, the account or the CLI's own invocation: a file or path, a tool, an MCP
// server, a plugin, the sandbox, a browser or IDE bridge, a git host. The agent sees those as a tool's answer and goes on;
// they do not end a turn.
const ELSEWHERE = /\b(paths?|files?|folders?|director(y|ies)|mcp|plugins?|extensions?|tools?|webfetchtool|sandbox|headers?|sockets?|ide|worktree|artifacts?|voice|microphone|keychain|git|github|gh|bridge|chrome|browser|clipboard|monitor|hooks?|export|skills?|connectors?|design|remote control|teleport|ultrareview|protobuf|tlsv1|handshake|frame|signal|sqlite|database|report|recording|iterator|object|a2a|subagent|agent definition|daemon|runner|quic|rst_stream|symbolic link|process id)\b/i;

// Marks of code, paths and keys, not of a sentence: operators, calls, property chains, snake_case and camelCase words,
// Rust paths and source files, path templates, escapes left undecoded, the rest of a template that a quote inside cut short.
const CODE = /\$\{|`,|=>|&&|\|\||===|!==|;\s*\S|\breturn\b|\bfunction\b|\bthis\.|\bconst |\blet |\bvar |\w\(\)|\w\.\w+\(|\{\w+=|\/v\d\/|\\[xu]|[a-z]_[a-z]|::|\/home\/|\.rs\b|^[a-z]+[A-Z]\w*$|\b[a-z]+[A-Z][a-z]+[A-Z]\w*\b/;

const CLIS = {
  claude: { package: "@anthropic-ai/claude-code", files: claudeFiles, literals: true },
  codex: { package: "@openai/codex", files: codexFiles, literals: false },
  gemini: { package: "@google/gemini-cli", files: geminiFiles, literals: true },
};

// claude: the native binary of the platform's package (its JavaScript embedded), or the cli.js older versions shipped.
function claudeFiles(modules) {
  return firstExisting(modules, [
    ...platformPackages(modules, "@anthropic-ai", "claude-code-").map(p => path.join(p, "claude")),
    "@anthropic-ai/claude-code/bin/claude.exe",
    "@anthropic-ai/claude-code/cli.js",
  ]);
}

// codex: the Rust binary the platform's package vendors (the npm package itself is a launcher).
function codexFiles(modules) {
  const found = [];
  for (const p of [...platformPackages(modules, "@openai", "codex-"), "@openai/codex"]) {
    const vendor = path.join(modules, p, "vendor");
    for (const triple of safeList(vendor)) {
      for (const name of ["bin/codex", "codex/codex", "codex"]) {
        const file = path.join(vendor, triple, name);
        if (isFile(file)) found.push(path.relative(modules, file));
      }
    }
  }
  return found.slice(0, 1);
}

// gemini: the bundle's top-level JavaScript (its own code and its chunks; bundled skills and tools are not the CLI's words).
function geminiFiles(modules) {
  const bundle = path.join(modules, "@google/gemini-cli/bundle");
  return safeList(bundle).filter(n => n.endsWith(".js")).map(n => `@google/gemini-cli/bundle/${n}`);
}

function platformPackages(modules, scope, prefix) {
  return safeList(path.join(modules, scope)).filter(n => n.startsWith(prefix)).map(n => `${scope}/${n}`);
}

function firstExisting(modules, candidates) {
  return candidates.filter(c => isFile(path.join(modules, c))).slice(0, 1);
}

function safeList(dir) {
  try { return fs.readdirSync(dir).sort(); } catch { return []; }
}

function isFile(file) {
  try { return fs.statSync(file).isFile(); } catch { return false; }
}

// Runs of printable text (ASCII, and UTF-8 sequences whole), as `strings -n 12` finds them, one after the other.
function* runs(buffer) {
  let start = -1;
  for (let i = 0; i <= buffer.length; i++) {
    const b = i < buffer.length ? buffer[i] : 0;
    let width = 0;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09) width = 1;
    else if (b >= 0xc2 && b <= 0xf4) {
      const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      width = need + 1;
      for (let k = 1; k <= need; k++) if (i + k >= buffer.length || (buffer[i + k] & 0xc0) !== 0x80) width = 0;
    }
    if (width > 0) {
      if (start < 0) start = i;
      i += width - 1;
      continue;
    }
    if (start >= 0 && i - start >= 12) yield buffer.toString("utf8", start, i);
    start = -1;
  }
}

// Each string literal of a run of JavaScript, decoded, template holes as {}.
function* literals(run) {
  const quote = /(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of run.matchAll(quote)) {
    let text = m[2];
    if (m[1] === "`") text = text.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, "{}");
    yield decode(text);
  }
}

function decode(text) {
  return text.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))/g, (_, __, cp, u, x, c) => {
    if (cp || u || x) return String.fromCodePoint(parseInt(cp || u || x, 16));
    return { n: "\n", t: "\t", r: "", "0": "" }[c] ?? c;
  });
}

// A run of a Rust binary cut where one literal ends and the next begins: a lower-case letter or a full stop, then a capital;
// or a full stop, then a lower-case letter (outside a URL).
// A piece longer than 240 characters is literals glued where no capital shows the seam, and is left out; a capital before
// a word's capital ("SYou’ve") or a mark before the first letter ("'stream disconnected") is a length byte, not text.
function* pieces(run) {
  for (const piece of run.split(/(?<=[a-z.!?)])(?=[A-Z][a-z])|(?<=[a-z][.!?])(?<!https?:\/\/\S*)(?=[a-z])/)) {
    if (piece.length <= 240) yield piece.replace(/^[A-Z](?=[A-Z][a-z])|^[^A-Za-z[]+/, "");
  }
}

function isSentence(text) {
  const t = text.trim();
  return t.length >= 16 && t.length <= 400 && /^[\[A-Za-z]/.test(t) && t.split(/\s+/).length >= 3
    && !CODE.test(t) && !ELSEWHERE.test(t) && FAILURE.test(t) && STATEMENT.test(t);
}

// One line per sentence: tabs, newlines and backslashes written as escapes so a list stays one sentence a line.
function escape(text) {
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
}

function extract(modules, cli) {
  const spec = CLIS[cli];
  const pkg = path.join(modules, spec.package, "package.json");
  if (!isFile(pkg)) return null;
  const files = spec.files(modules);
  if (files.length === 0) return null;
  const version = JSON.parse(fs.readFileSync(pkg, "utf8")).version;
  const found = new Map();
  for (const file of files) {
    for (const run of runs(fs.readFileSync(path.join(modules, file)))) {
      for (const candidate of spec.literals ? literals(run) : pieces(run)) {
        const sentence = escape(candidate.trim());
        if (!found.has(sentence) && isSentence(candidate)) found.set(sentence, file);
      }
    }
  }
  return { version, sentences: new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

// A recorded list: "# CLI VERSION" first, then one sentence a line: class, sentence, file it came from, and a note.
function readRecorded(file) {
  if (!isFile(file)) return { version: null, rows: new Map() };
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const version = (lines.find(l => l.startsWith("# version ")) ?? "").slice("# version ".length).trim() || null;
  const rows = new Map();
  for (const line of lines) {
    if (line === "" || line.startsWith("#")) continue;
    const [cls, sentence, from, note = ""] = line.split("\t");
    rows.set(sentence, { cls, from, note });
  }
  return { version, rows };
}

function writeRecorded(file, cli, found, recorded) {
  const head = [
    `# The failure sentences ${CLIS[cli].package} can print, found by scripts/cli-sentences.mjs in the installed package;`,
    `# regenerate with scripts/cli-sentences.mjs --write ${cli}, then give each sentence of class ? its class.`,
    `# columns: class (FailureClass the classifier must read; Unknown: it reads none), sentence, file, note`,
    `# version ${found.version}`,
  ];
  const rows = [...found.sentences].map(([sentence, from]) => {
    const old = recorded.rows.get(sentence);
    return [old?.cls ?? "?", sentence, from, old?.note ?? ""].join("\t").replace(/\t$/, "");
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [...head, ...rows, ""].join("\n"));
}

// What changed between a recorded list and what was found: lines to print, empty when nothing did.
function diff(cli, found, recorded) {
  const out = [];
  if (recorded.version !== found.version) out.push(`${cli}: version ${recorded.version ?? "none"} recorded, ${found.version} installed`);
  for (const sentence of found.sentences.keys()) if (!recorded.rows.has(sentence)) out.push(`${cli} + ${sentence}`);
  for (const sentence of recorded.rows.keys()) if (!found.sentences.has(sentence)) out.push(`${cli} - ${sentence}`);
  return out;
}

function main(argv) {
  let modules = path.join(repo, "tests/agent-clis/node_modules");
  let recordedDir = path.join(repo, "tests/Ias.Core.Tests/Agents/Cassettes/Sentences");
  let mode = "print";
  const clis = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--node-modules") modules = path.resolve(argv[++i] ?? "");
    else if (a === "--recorded") recordedDir = path.resolve(argv[++i] ?? "");
    else if (a === "--write" || a === "--diff") mode = a.slice(2);
    else if (a in CLIS) clis.push(a);
    else {
      console.error(`cli-sentences: "${a}" is not an option or a CLI; run scripts/cli-sentences.mjs [--node-modules DIR] [--recorded DIR] [--write | --diff] [claude|codex|gemini…]`);
      return 2;
    }
  }

  let status = 0;
  for (const cli of clis.length ? clis : Object.keys(CLIS)) {
    const found = extract(modules, cli);
    if (!found) {
      console.error(`cli-sentences: ${CLIS[cli].package} (or its build for this platform) is not installed in ${modules}; install it (npm ci --prefix tests/agent-clis) and run this again`);
      status = 2;
      continue;
    }
    const file = path.join(recordedDir, `${cli}.tsv`);
    if (mode === "print") {
      console.log(`# ${cli} ${found.version}`);
      for (const [sentence, from] of found.sentences) console.log(`${sentence}\t${from}`);
    } else if (mode === "write") {
      writeRecorded(file, cli, found, readRecorded(file));
      console.log(`${cli} ${found.version}: ${found.sentences.size} sentences written to ${path.relative(process.cwd(), file)}`);
    } else {
      const changes = diff(cli, found, readRecorded(file));
      for (const line of changes) console.log(line);
      console.log(`${cli} ${found.version}: ${found.sentences.size} sentences found, ${changes.length ? `${changes.length} changes` : "as recorded"}`);
      if (changes.length && status === 0) status = 1;
    }
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
