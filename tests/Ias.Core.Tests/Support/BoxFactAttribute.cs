using Ias.Core.Sandbox;

namespace Ias.Core.Tests.Support;

/// <summary>A test that needs a working bubblewrap; skipped, with the reason, where the box cannot be built.</summary>
public sealed class BoxFactAttribute : FactAttribute
{
    public BoxFactAttribute()
    {
        Skip = BoxProbe.Problem();
    }
}
