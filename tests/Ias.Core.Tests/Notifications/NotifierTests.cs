using Ias.Core.Config;
using Ias.Core.Notifications;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Notifications;

/// <summary>The person's hook hears the notifications in the order they went out, whatever each hook run takes.</summary>
public sealed class NotifierTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_slow_hook_for_one_notification_does_not_let_the_next_one_overtake_it()
    {
        using var dir = new TempDir();
        var heard = dir.Combine("heard");

        // The first notification's hook is slow (it stands for a curl to a chat service); the second's is quick. Run side by
        // side, the second would be heard first.
        var command = $"payload=$(cat); case \"$payload\" in *pr_opened*) sleep 1;; esac; printf '%s\\n' \"$payload\" | grep -o '\"event\":\"[a-z_]*\"' >> '{heard}'";
        var notifier = new Notifier(NotifyConfig.Defaults with { Command = command }, DataPolicy.Default, dir.Path, TimeProvider.System, _ => { }, (_, problem) => Assert.Fail(problem));

        notifier.Send(new Notification(NotificationKind.PrOpened, "run-1", DateTimeOffset.UnixEpoch, "draft PR opened"));
        notifier.Send(new Notification(NotificationKind.Completed, "run-1", DateTimeOffset.UnixEpoch, "queue drained"));
        await notifier.DisposeAsync();

        Assert.Equal(["\"event\":\"pr_opened\"", "\"event\":\"completed\""], await File.ReadAllLinesAsync(heard));
    }
}
