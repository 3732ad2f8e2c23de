using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Commands;

/// <summary>A `.run/` made read-only under a running command is told as such, in one line that says what to do.</summary>
public sealed class UserFacingTests
{
    [Fact]
    public void A_run_folder_without_write_permission_gets_the_read_only_line()
    {
        var message = UserFacing.Message(new UnauthorizedAccessException("Access to the path '/repo/.run/jobs/x/stderr.log' is denied."));

        Assert.Equal("/repo/.run is read-only: no permission to write in it; ias keeps the run's state there, so make it writable (`chmod u+w /repo/.run`, or remount it read-write), then run ias again (`ias run-resume` continues a run)", message);
    }

    [Fact]
    public void A_read_only_file_system_under_the_run_folder_gets_the_read_only_line()
    {
        var message = UserFacing.Message(new IOException("Read-only file system : '/repo/.run/state.json'", 30));

        Assert.StartsWith("/repo/.run is read-only: a read-only file system;", message, StringComparison.Ordinal);
    }
}
