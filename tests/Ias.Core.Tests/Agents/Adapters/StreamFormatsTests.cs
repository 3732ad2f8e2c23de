using Ias.Core.Agents.Adapters;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Agents.Adapters.Codex;
using Ias.Core.Agents.Adapters.Gemini;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class StreamFormatsTests
{
    [Theory]
    [InlineData("""{"type":"thread.started","thread_id":"t-1"}""", typeof(CodexStreamParser))]
    [InlineData("""{"type":"turn.started"}""", typeof(CodexStreamParser))]
    [InlineData("""{"type":"init","session_id":"s-1","model":"gemini-2.5-pro"}""", typeof(GeminiStreamParser))]
    [InlineData("""{"type":"message","role":"assistant","content":"hi"}""", typeof(GeminiStreamParser))]
    [InlineData("""{"type":"system","subtype":"init","session_id":"s-1"}""", typeof(ClaudeStreamParser))]
    [InlineData("""{"type":"a_future_event"}""", typeof(ClaudeStreamParser))]
    [InlineData("[1, 2]", typeof(ClaudeStreamParser))]
    [InlineData("Thinking about the sprint...", typeof(PlainTextParser))]
    [InlineData("", typeof(PlainTextParser))]
    public void A_job_log_is_read_in_the_dialect_of_the_cli_its_first_line_belongs_to(string firstLine, Type parser)
    {
        Assert.IsType(parser, StreamFormats.ParserFor(firstLine, TimeProvider.System));
    }
}
