using Ias.Core.Agents;
using Ias.Core.Turns;
using Polly;

namespace Ias.Core.Tests.Turns;

/// <summary>The backoff behind <see cref="TurnAction.RetryWithBackoff"/>, with no delay between attempts so the tests wait for nothing.</summary>
public sealed class TransientRetryTests
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_transient_answer_is_tried_again_until_the_turn_succeeds()
    {
        var answers = new Queue<AgentResponse>([Answer(FailureClass.Transient), Answer(FailureClass.Transient), Answer(FailureClass.None)]);
        var retries = new List<int>();

        var result = await Pipeline(() => true, retries).ExecuteAsync(_ => ValueTask.FromResult(answers.Dequeue())).AsTask().WaitAsync(TestLimit);

        Assert.True(result.Success);
        Assert.Equal([1, 2], retries);
    }

    [Fact]
    public async Task A_step_gets_five_attempts_in_all_and_then_the_last_transient_answer()
    {
        var calls = 0;
        var retries = new List<int>();

        var result = await Pipeline(() => true, retries)
            .ExecuteAsync(_ => ValueTask.FromResult(Answer(FailureClass.Transient) with { Detail = $"429 #{++calls}" })).AsTask().WaitAsync(TestLimit);

        Assert.Equal(FailureActions.TransientAttempts, calls);
        Assert.Equal("429 #5", result.Detail);
        Assert.Equal([1, 2, 3, 4], retries);
    }

    [Theory]
    [InlineData(FailureClass.Network)]
    [InlineData(FailureClass.Crash)]
    [InlineData(FailureClass.UsageLimit)]
    [InlineData(FailureClass.Auth)]
    public async Task An_answer_of_any_other_class_comes_back_at_once_for_its_own_action(FailureClass failure)
    {
        var calls = 0;

        var result = await Pipeline(() => true, []).ExecuteAsync(_ => ValueTask.FromResult(Answer(failure) with { Detail = $"#{++calls}" })).AsTask().WaitAsync(TestLimit);

        Assert.Equal((1, failure), (calls, result.Failure));
    }

    [Fact]
    public async Task No_attempt_follows_once_the_caller_says_it_may_not_retry_any_more()
    {
        var calls = 0;
        var mayRetry = true;

        await Pipeline(() => mayRetry, []).ExecuteAsync(_ =>
        {
            // A halt that arrives during the second attempt: the engine's answer to "may I retry?" turns to no.
            mayRetry = ++calls < 2;
            return ValueTask.FromResult(Answer(FailureClass.Transient));
        }).AsTask().WaitAsync(TestLimit);

        Assert.Equal(2, calls);
    }

    private static ResiliencePipeline<AgentResponse> Pipeline(Func<bool> mayRetry, List<int> retries) =>
        TransientRetry.Pipeline(TimeProvider.System, TimeSpan.Zero, mayRetry, (n, _, _) => retries.Add(n));

    private static AgentResponse Answer(FailureClass failure) =>
        new(failure == FailureClass.None, failure, "", failure == FailureClass.None ? 0 : 1, 1, 1, 1, 0m, null, false, null, failure.ToString());
}
