using System.ComponentModel;

namespace Ias.Core.Processes;

/// <summary>
/// Starts a process again while Linux says its file is busy (ETXTBSY). A script written moments ago stays open for
/// writing in every child forked meanwhile, until that child's exec, so with other threads starting processes its
/// first start can fail although nothing is wrong with it.
/// </summary>
internal static class BusyFile
{
    private const int TextFileBusy = 26;
    private const int Attempts = 8;

    /// <summary>The result of <paramref name="start"/>, tried up to eight times, a few milliseconds apart, while the file is busy.</summary>
    public static T Retry<T>(Func<T> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return start();
            }
            catch (Win32Exception e) when (attempt < Attempts && IsBusy(e))
            {
                Thread.Sleep(5 * attempt);
            }
        }
    }

    // CliWrap wraps the system's exception in one of its own.
    private static bool IsBusy(Win32Exception e) =>
        e.NativeErrorCode == TextFileBusy || e.InnerException is Win32Exception { NativeErrorCode: TextFileBusy };
}
