using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// The state folder (`$XDG_STATE_HOME`, where an ias remembers its checkout) of each `ias` a test starts in a folder.
/// </summary>
/// <remarks>
/// An ias started through <see cref="IasProcess"/> gets a folder of its working directory's own (<see cref="For"/>), so
/// each test's repository is a box of its own: what another test's runs do at the same moment never changes what this
/// one's see. One started another way shares <see cref="PrivateHome"/>'s; a test that needs a registry of its own passes
/// XDG_STATE_HOME in the child's environment, which wins.
/// </remarks>
internal static class StateHome
{
    /// <summary>The state folder of the ias started in <paramref name="cwd"/>: one a folder, under the private home's.</summary>
    public static string For(string cwd)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(cwd)));
        return Path.Combine(PrivateHome.Xdg["XDG_STATE_HOME"], Convert.ToHexString(hash, 0, 8));
    }
}
