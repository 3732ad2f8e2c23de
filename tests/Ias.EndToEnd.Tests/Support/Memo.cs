namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A value the first test of a class computes and the others reuse (a class fixture): an uninterrupted reference run, say,
/// which costs as much as the test itself. The tests of a class run one at a time, so no lock is needed.
/// </summary>
public sealed class Memo<T>
{
    private Task<T>? _value;

    /// <summary>The value <paramref name="make"/> gave the first caller; a failure is every caller's failure.</summary>
    public Task<T> GetAsync(Func<Task<T>> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        return _value ??= make();
    }
}
