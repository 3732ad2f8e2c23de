namespace Ias.EndToEnd.Tests.Support;

/// <summary>A fact about the native ias; skipped, with the reason printed, when no AOT binary was published for the run.</summary>
public sealed class AotFactAttribute : FactAttribute
{
    public AotFactAttribute()
    {
        Skip = IasProgram.AotMissing;
    }
}
