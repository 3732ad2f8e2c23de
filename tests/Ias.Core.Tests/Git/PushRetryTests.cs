using Ias.Core.Config;
using Ias.Core.Git;

namespace Ias.Core.Tests.Git;

public sealed class PushRetryTests
{
    [Theory]
    [InlineData("fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com", true)]
    [InlineData("ssh: connect to host github.com port 22: Connection timed out fatal: Could not read from remote repository.", true)]
    [InlineData("error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502", true)]
    [InlineData("fatal: the remote end hung up unexpectedly", true)]
    [InlineData("timed out after 120s", true)]
    [InlineData("! [rejected] feature/x -> feature/x (non-fast-forward)", false)]
    [InlineData("remote: Invalid username or password. fatal: Authentication failed for 'https://github.com/o/r/'", false)]
    [InlineData("git@github.com: Permission denied (publickey). fatal: Could not read from remote repository.", false)]
    [InlineData("fatal: '/tmp/x' does not appear to be a git repository", false)]
    [InlineData("error: failed to push some refs; hook declined", false)]
    [InlineData("fatal: The requested URL returned error: 403", false)]
    public void Network_failures_are_transient_and_rejections_or_auth_failures_are_final(string message, bool transient) =>
        Assert.Equal(transient, PushRetry.IsTransient(message));

    [Fact]
    public void A_transient_failure_is_tried_three_times_with_growing_waits()
    {
        var attempts = 0;
        var waits = new List<TimeSpan>();
        var pipeline = PushRetry.Pipeline(TimeProvider.System, TimeSpan.FromMilliseconds(1), (_, wait, _) => waits.Add(wait));

        var ex = Assert.Throws<GitException>(() => pipeline.Execute(() =>
        {
            attempts++;
            throw new GitException("push", "fatal: Could not resolve host: github.com");
        }));

        Assert.Equal(3, attempts);
        Assert.Equal([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)], waits);
        Assert.Contains("Could not resolve host", ex.Message);
    }

    [Fact]
    public void A_transient_failure_that_clears_succeeds_on_the_next_attempt()
    {
        var attempts = 0;
        var pipeline = PushRetry.Pipeline(TimeProvider.System, TimeSpan.FromMilliseconds(1));

        pipeline.Execute(() =>
        {
            if (++attempts == 1)
            {
                throw new GitException("push", "fatal: the remote end hung up unexpectedly");
            }
        });

        Assert.Equal(2, attempts);
    }

    [Fact]
    public void A_rejected_push_is_not_retried()
    {
        var attempts = 0;
        var pipeline = PushRetry.Pipeline(TimeProvider.System, TimeSpan.FromMilliseconds(1));

        Assert.Throws<GitException>(() => pipeline.Execute(() =>
        {
            attempts++;
            throw new GitException("push", "! [rejected] feature/x -> feature/x (fetch first)");
        }));

        Assert.Equal(1, attempts);
    }

    [Theory]
    [InlineData(true, true, AutoPush.True, PushMode.Local)]
    [InlineData(true, false, AutoPush.Prompt, PushMode.Local)]
    [InlineData(false, true, AutoPush.True, PushMode.Confirm)]
    [InlineData(false, true, AutoPush.False, PushMode.Confirm)]
    [InlineData(false, false, AutoPush.False, PushMode.Local)]
    [InlineData(false, false, AutoPush.Prompt, PushMode.Confirm)]
    [InlineData(false, false, AutoPush.True, PushMode.Push)]
    public void Push_mode_priority_is_local_then_confirm_push_then_auto_push(bool local, bool confirm, AutoPush auto, PushMode expected) =>
        Assert.Equal(expected, Publisher.ModeFor(local, confirm, auto));
}
