using System.Globalization;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>
/// ICE's `pre-push` hook, the layer under the shim for a git started by absolute path: it refuses pushes to protected
/// branches, remote branch deletions and non-fast-forward updates, logs each to ice.log, then runs the user's own hook.
/// </summary>
/// <remarks>
/// <para>
/// Every engine at work in the repository shares one hook, the same bytes whoever installs it, so one engine's install or
/// removal never reads as a change to another's guard (<see cref="RepoGuard"/>). Each engine names itself in
/// `ias/engines/PID` under the common git dir (its start time inside) while it needs the hook; the last one to leave
/// removes the hook and puts the user's back from `pre-push.ias-user`. A lock file keeps the two steps of each whole.
/// </para>
/// <para>
/// The hook acts only while a named engine is alive (pid and start time), or when the push comes from an agent's process
/// family (it carries the family's tag in its environment). An engine killed before it could take the hook away thus
/// leaves a hook that passes the user's own pushes straight to the user's hook, and the next engine replaces it.
/// </para>
/// </remarks>
public sealed class IcePrePushHook
{
    public const string Marker = "# ias-ice-pre-push";

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly string _log;
    private readonly int _engine;
    private readonly string _engines;

    /// <summary>
    /// A hook in the hooks directory git uses for <paramref name="git"/>'s repository (core.hooksPath respected), guarding
    /// while the process <paramref name="enginePid"/> lives (this process when null).
    /// </summary>
    public IcePrePushHook(GitCli git, string iceLog, int? enginePid = null)
    {
        _log = iceLog;
        _engine = enginePid ?? Environment.ProcessId;
        ArgumentNullException.ThrowIfNull(git);
        HooksDir = git.HooksDir();
        _engines = Path.Combine(git.CommonDir(), "ias", "engines");
    }

    public string HooksDir { get; }

    public string HookPath => Path.Combine(HooksDir, "pre-push");

    /// <summary>Where a user's own pre-push hook waits while ICE's hook is in place.</summary>
    public string AsidePath => Path.Combine(HooksDir, "pre-push.ias-user");

    /// <summary>Names this engine and puts the hook in place; idempotent, so a resume after a crash finds the hook and leaves the user's aside.</summary>
    public void Install()
    {
        using var held = Lock();
        var start = ProcessStart.Of(_engine) ?? "";
        File.WriteAllText(Path.Combine(_engines, _engine.ToString(CultureInfo.InvariantCulture)), start);
        Directory.CreateDirectory(HooksDir);
        if (File.Exists(HookPath) && !IsOurs(HookPath))
        {
            if (File.Exists(AsidePath))
            {
                throw new IOException($"both {HookPath} and {AsidePath} exist, so ias cannot put its pre-push hook in place without losing one: move one of them away");
            }

            File.Move(HookPath, AsidePath);
        }

        // The same bytes another engine put there are left as they are: nothing changes under its guard.
        var script = Script();
        if (File.Exists(HookPath) && File.ReadAllText(HookPath) == script)
        {
            return;
        }

        var tmp = HookPath + ".ias-tmp";
        IceShim.WriteProgram(tmp, script);
        IceShim.MakeExecutable(tmp);
        File.Move(tmp, HookPath, overwrite: true);
    }

    /// <summary>Lets this engine's name go; the last engine alive removes the hook, puts the user's back and returns true. Safe when nothing is installed.</summary>
    public bool Uninstall()
    {
        using var held = Lock();
        File.Delete(Path.Combine(_engines, _engine.ToString(CultureInfo.InvariantCulture)));
        if (AnyEngineAlive())
        {
            return false;
        }

        if (File.Exists(HookPath) && IsOurs(HookPath))
        {
            File.Delete(HookPath);
        }

        if (File.Exists(AsidePath) && !File.Exists(HookPath))
        {
            File.Move(AsidePath, HookPath);
        }

        return true;
    }

    // The folder of engine names, and the lock that makes naming and installing (or leaving and removing) one step.
    private FileStream Lock()
    {
        Directory.CreateDirectory(_engines);
        return FileLock.Take(_engines + ".lock", LockWait, TimeProvider.System)
            ?? throw new IOException($"another ias held {_engines}.lock for {LockWait.TotalSeconds:0} s: if no ias is at work in the repository, remove it");
    }

    // Whether an engine named in the folder still lives; the names of dead ones are cleared on the way.
    private bool AnyEngineAlive()
    {
        var alive = false;
        foreach (var file in Directory.EnumerateFiles(_engines))
        {
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessStart.Of(pid) is { } start && start == File.ReadAllText(file).Trim())
            {
                alive = true;
            }
            else
            {
                File.Delete(file);
            }
        }

        return alive;
    }

    public static bool IsOurs(string path) =>
        File.ReadLines(path).Take(3).Any(l => l.Contains(Marker, StringComparison.Ordinal));

    private string Script()
    {
        var patterns = string.Join('|', ProtectedBranches.Exact.Concat(ProtectedBranches.Patterns));
        return $$"""
            #!/bin/sh
            {{Marker}}: installed by ias while its engines work here; removed, and a hook it moved aside restored, when the last one ends.
            # ICE below the shim: refuses pushes to protected branches, remote deletions and non-fast-forward
            # updates, even from a git started by absolute path. Patterns from ProtectedBranches: {{patterns}}
            log=${IAS_ICE_LOG:-{{ShellWords.Quote(_log)}}}
            user_hook={{ShellWords.Quote(AsidePath)}}
            engines={{ShellWords.Quote(_engines)}}
            remote_name=$1
            input=$(cat)
            refused=0

            # An engine named in $engines, by pid and start time (field 22 of /proc/PID/stat), so a reused pid is not it.
            engine_alive() {
              for named in "$engines"/*; do
                [ -f "$named" ] || continue
                pid=${named##*/}
                start=$(cat "$named" 2>/dev/null)
                if [ -r "/proc/$pid/stat" ]; then
                  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
                  set -- ${stat##*)}
                  [ "${20}" = "$start" ] && return 0
                elif [ -z "$start" ] && kill -0 "$pid" 2>/dev/null; then
                  return 0
                fi
              done; return 1
            }

            json() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

            refuse() {
              echo "ICE: $1" >&2
              # The log is ias's own: a folder or file made here is for the owner alone, whatever the umask.
              (umask 077
              mkdir -p "$(dirname "$log")"
              printf '{"timestamp":"%s","argv":["git","push","%s","%s"],"reason":"%s","cwd":"%s"}\n' \
                "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(json "$remote_name")" "$(json "$2")" "$(json "$1 (pre-push hook)")" "$(json "$PWD")" >> "$log")
              refused=1
            }

            # With its engine gone, the hook guards only pushes from an agent's process family (an orphaned agent's too).
            if [ -n "$IAS_PROCESS_TAGS" ] || engine_alive; then
            while read -r local_ref local_sha remote_ref remote_sha; do
              [ -n "$remote_ref" ] || continue
              case "$remote_ref" in
                refs/heads/*)
                  branch=${remote_ref#refs/heads/}
                  case "$branch" in
                    {{patterns}})
                      refuse "push to protected branch $branch is blocked: Run Mode pushes feature branches only and humans merge PRs" "$local_ref:$remote_ref"
                      continue ;;
                  esac ;;
              esac
              case "$local_sha" in
                *[!0]*) ;;
                *) refuse "deleting $remote_ref is blocked: humans delete branches" ":$remote_ref"
                   continue ;;
              esac
              case "$remote_sha" in
                *[!0]*)
                  if ! git merge-base --is-ancestor "$remote_sha" "$local_sha" 2>/dev/null; then
                    refuse "non-fast-forward push to $remote_ref is blocked: it would rewrite history on the remote" "+$local_ref:$remote_ref"
                  fi ;;
              esac
            done <<IAS_REFS
            $input
            IAS_REFS
            fi

            [ "$refused" -eq 0 ] || exit 1
            if [ -x "$user_hook" ]; then
              { [ -z "$input" ] || printf '%s\n' "$input"; } | "$user_hook" "$@" || exit $?
            fi
            exit 0

            """;
    }
}
