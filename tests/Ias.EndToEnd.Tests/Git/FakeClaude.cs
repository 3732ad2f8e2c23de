using Ias.Core.Safety;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>
/// A stand-in for the `claude` CLI as the implementer: a shell script that runs the commands a test gives it (as an
/// agent's Bash tool would, with the environment the engine gives it) and speaks just enough stream-json to end its turn.
/// In the script, `session` prints the init line (the engine reports "agent session"), `finish` the success result.
/// </summary>
internal static class FakeClaude
{
    public static string Write(string dir, string body)
    {
        var path = Path.Combine(dir, "fake-claude");
        var script = $$$"""
            #!/bin/sh
            cat > /dev/null
            session() { printf '%s\n' '{"type":"system","subtype":"init","cwd":".","session_id":"fake-'"$IAS_CYCLE"'","tools":["Bash"],"model":"fake"}'; }
            finish() { printf '%s\n' '{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"Fake implementer finished cycle '"$IAS_CYCLE"'.","session_id":"fake-'"$IAS_CYCLE"'","total_cost_usd":0,"usage":{"input_tokens":1,"output_tokens":1}}'; }
            {{{body}}}

            """;
        File.WriteAllText(path, script);
        IceShim.MakeExecutable(path);
        return path;
    }

    /// <summary>Run Mode on, the sim agent reviewing and auditing, and <paramref name="command"/> implementing.</summary>
    public static string Config(string command, string extraRunMode = "") => $"""
        run_mode:
          enabled: true
          defaults:
            max_cycles: 6
            timeout_hours: 1
        {extraRunMode}agents:
          default:
            agent: sim
          implementer:
            agent: claude
            command: {command}

        """;
}
