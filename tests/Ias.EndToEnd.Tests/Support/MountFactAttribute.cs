using System.Globalization;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>A fact that mounts a small file system of its own (a tmpfs); skipped, with the reason, where the test may not mount.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    private const int SysAdmin = 21;

    public MountFactAttribute()
    {
        Skip = Missing();
    }

    private static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "mounting a tmpfs needs Linux";
        }

        // CAP_SYS_ADMIN in the effective set is what mount(2) asks of a process outside a user namespace.
        var caps = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var effective = caps is null ? 0 : ulong.Parse(caps["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (effective & (1UL << SysAdmin)) != 0 ? null : "mounting a tmpfs needs CAP_SYS_ADMIN (root); the fault table's injected full disk covers the same paths";
    }
}
