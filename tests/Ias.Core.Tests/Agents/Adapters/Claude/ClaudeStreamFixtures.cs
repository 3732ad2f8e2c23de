namespace Ias.Core.Tests.Agents.Adapters.Claude;

/// <summary>Lines in the shape Claude Code prints with --output-format stream-json --verbose, written by hand for the parser tests.</summary>
internal static class ClaudeStreamFixtures
{
    public const string Init =
        """{"type":"system","subtype":"init","cwd":"/repo","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","tools":["Read","Write","Edit","Bash"],"mcp_servers":[],"model":"claude-sonnet-4-5","permissionMode":"bypassPermissions","apiKeySource":"none"}""";

    public const string ApiRetryLine =
        """{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":500,"error_status":529,"error":"overloaded","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    /// <summary>One API response with two content blocks in one line.</summary>
    public const string AssistantTwoBlocks =
        """{"type":"assistant","message":{"id":"msg_01A","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"I'll create the feature file."},{"type":"tool_use","id":"toolu_01","name":"Write","input":{"file_path":"/repo/src/feature.txt","content":"hello\n"}}],"usage":{"input_tokens":12,"output_tokens":40}},"parent_tool_use_id":null,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    /// <summary>The same response continued on its own line, as the CLI streams blocks separately.</summary>
    public const string AssistantSameMessageBash =
        """{"type":"assistant","message":{"id":"msg_01A","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"toolu_02","name":"Bash","input":{"command":"dotnet test\n--no-build","description":"Run tests"}}]},"parent_tool_use_id":null,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string ToolResultString =
        """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01","type":"tool_result","content":"File created successfully at: /repo/src/feature.txt"}]},"parent_tool_use_id":null,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string ToolResultBlocksError =
        """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_02","type":"tool_result","content":[{"type":"text","text":"Build FAILED."},{"type":"text","text":"error CS1002: ; expected"}],"is_error":true}]},"parent_tool_use_id":null,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string AssistantSecondMessage =
        """{"type":"assistant","message":{"id":"msg_01B","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"thinking","thinking":"fix the semicolon"},{"type":"text","text":"Done: the feature file exists and tests pass."}]},"parent_tool_use_id":null,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string RateLimitAllowed =
        """{"type":"rate_limit_event","rate_limit_info":{"status":"allowed","resetsAt":1778565600,"rateLimitType":"five_hour","isUsingOverage":false},"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string RateLimitAllowedWarning =
        """{"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","resetsAt":1778565600,"rateLimitType":"seven_day"}}""";

    public const string RateLimitRejected =
        """{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1778565600,"rateLimitType":"five_hour","overageStatus":"rejected","isUsingOverage":false},"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10"}""";

    public const string ResultSuccess =
        """{"type":"result","subtype":"success","is_error":false,"duration_ms":41230,"duration_api_ms":39011,"num_turns":4,"result":"Done: the feature file exists and tests pass.","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","total_cost_usd":0.0421875,"usage":{"input_tokens":1200,"cache_creation_input_tokens":3000,"cache_read_input_tokens":15000,"output_tokens":850,"server_tool_use":{"web_search_requests":0}}}""";

    public const string ResultUsageLimit =
        """{"type":"result","subtype":"success","is_error":true,"duration_ms":310,"num_turns":1,"result":"Claude AI usage limit reached|1778565600","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}}""";

    public const string ResultAuth =
        """{"type":"result","subtype":"success","is_error":true,"duration_ms":120,"num_turns":1,"result":"Invalid API key · Please run /login","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}}""";

    public const string ResultNetwork =
        """{"type":"result","subtype":"success","is_error":true,"num_turns":1,"result":"API Error: Connection error.","session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","total_cost_usd":0.001}""";

    public const string ResultGenericError =
        """{"type":"result","subtype":"error_during_execution","is_error":true,"num_turns":2,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","errors":["Process exited unexpectedly"]}""";

    public const string ResultMaxTurns =
        """{"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":30,"session_id":"5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10","total_cost_usd":1.25,"usage":{"input_tokens":10,"output_tokens":20}}""";

    public const string Garbage = "npm WARN deprecated something@1.0.0: use something-else";
}
