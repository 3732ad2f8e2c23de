using System.Globalization;
using Ias.Core.Git;
using Ias.Core.Processes;

namespace Ias.Core.Safety;

/// <summary>
/// The run's `pre-push` hook: the layer under the shim, for a git started by absolute path. It refuses pushes to protected
/// branches, remote branch deletions and non-fast-forward updates, logs each to ice.log, and then runs the user's own
/// hook, which it moved aside to `pre-push.ias-user` and puts back when the run ends.
/// </summary>
/// <remarks>
/// The hook acts only while the engine that installed it is alive (its pid and start time are written into the script), or
/// when the push comes from an agent's process family (it carries the family's tag in its environment). An engine killed
/// before it could take the hook away thus leaves a hook that passes the user's own pushes straight to the user's hook.
/// That is the robust half of the cure: cleaning a stale hook at the next `ias` start would still refuse the user's pushes
/// until then, and there may never be a next start; the next start still replaces the stale hook with its own.
/// </remarks>
public sealed class IcePrePushHook
{
    public const string Marker = "# ias-ice-pre-push";

    private readonly string _log;
    private readonly int _engine;

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
    }

    public string HooksDir { get; }

    public string HookPath => Path.Combine(HooksDir, "pre-push");

    /// <summary>Where a user's own pre-push hook waits while the run's hook is in place.</summary>
    public string AsidePath => Path.Combine(HooksDir, "pre-push.ias-user");

    /// <summary>Puts the run's hook in place; idempotent, so a resume after a crash finds its own hook and leaves the user's aside.</summary>
    public void Install()
    {
        Directory.CreateDirectory(HooksDir);
        if (File.Exists(HookPath) && !IsOurs(HookPath))
        {
            if (File.Exists(AsidePath))
            {
                throw new IOException($"both {HookPath} and {AsidePath} exist, so ias cannot put its pre-push hook in place without losing one: move one of them away");
            }

            File.Move(HookPath, AsidePath);
        }

        var tmp = HookPath + ".ias-tmp";
        IceShim.WriteProgram(tmp, Script());
        IceShim.MakeExecutable(tmp);
        File.Move(tmp, HookPath, overwrite: true);
    }

    /// <summary>Removes the run's hook and puts the user's back; safe to call when nothing is installed.</summary>
    public void Uninstall()
    {
        if (File.Exists(HookPath) && IsOurs(HookPath))
        {
            File.Delete(HookPath);
        }

        if (File.Exists(AsidePath) && !File.Exists(HookPath))
        {
            File.Move(AsidePath, HookPath);
        }
    }

    public static bool IsOurs(string path) =>
        File.ReadLines(path).Take(3).Any(l => l.Contains(Marker, StringComparison.Ordinal));

    private string Script()
    {
        var patterns = string.Join('|', ProtectedBranches.Exact.Concat(ProtectedBranches.Patterns));
        return $$"""
            #!/bin/sh
            {{Marker}}: installed by ias for a Run Mode run; removed, and a hook it moved aside restored, when the run ends.
            # ICE below the shim: refuses pushes to protected branches, remote deletions and non-fast-forward
            # updates, even from a git started by absolute path. Patterns from ProtectedBranches: {{patterns}}
            log=${IAS_ICE_LOG:-{{ShellWords.Quote(_log)}}}
            user_hook={{ShellWords.Quote(AsidePath)}}
            engine_pid={{_engine.ToString(CultureInfo.InvariantCulture)}}
            engine_start={{ProcessStart.Of(_engine) ?? ""}}
            remote_name=$1
            input=$(cat)
            refused=0

            # The engine that installed this hook, by pid and start time (field 22 of /proc/PID/stat), so a reused pid is not it.
            engine_alive() {
              if [ -r "/proc/$engine_pid/stat" ]; then
                stat=$(cat "/proc/$engine_pid/stat" 2>/dev/null) || return 1
                set -- ${stat##*)}
                [ "${20}" = "$engine_start" ]
              else
                [ -z "$engine_start" ] && kill -0 "$engine_pid" 2>/dev/null
              fi
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
