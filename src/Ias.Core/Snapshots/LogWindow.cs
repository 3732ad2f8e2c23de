namespace Ias.Core.Snapshots;

/// <summary>
/// The lines a <see cref="JobLog"/> holds, in file order, each with the byte offset its line starts at in the file: a
/// ring that grows at both ends (appends as the agent writes, earlier lines as a person scrolls back) and lets go at the
/// front, and that a pane indexes without copying.
/// </summary>
internal sealed class LogWindow : IReadOnlyList<LogLine>
{
    private (LogLine Line, long Start)[] _items = new (LogLine, long)[16];
    private int _head;

    public int Count { get; private set; }

    public LogLine this[int index] => At(index).Line;

    /// <summary>Where the line at <paramref name="index"/> starts in the file.</summary>
    public long StartOf(int index) => At(index).Start;

    public void AddLast(LogLine line, long start)
    {
        Grow(1);
        _items[(_head + Count) % _items.Length] = (line, start);
        Count++;
    }

    /// <summary>Puts <paramref name="earlier"/>, in file order, before the first line.</summary>
    public void AddFirst(IReadOnlyList<(LogLine Line, long Start)> earlier)
    {
        Grow(earlier.Count);
        for (var i = earlier.Count - 1; i >= 0; i--)
        {
            _head = (_head - 1 + _items.Length) % _items.Length;
            _items[_head] = earlier[i];
            Count++;
        }
    }

    public void RemoveFirst()
    {
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        Count--;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        Count = 0;
    }

    public IEnumerator<LogLine> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private (LogLine Line, long Start) At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _items[(_head + index) % _items.Length];
    }

    private void Grow(int more)
    {
        if (Count + more <= _items.Length)
        {
            return;
        }

        var bigger = new (LogLine, long)[Math.Max(Count + more, _items.Length * 2)];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }
}
