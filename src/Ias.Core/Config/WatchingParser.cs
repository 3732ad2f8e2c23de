using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ias.Core.Config;

/// <summary>Passes YAML events through while tracking key paths, duplicate keys and the spans where tabs are legal.</summary>
internal sealed class WatchingParser(IParser inner, string displayPath) : IParser
{
    private readonly Stack<Frame> _open = new();
    private readonly List<(Mark Start, Mark End)> _tabFriendlySpans = [];

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event the parser produced ended.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    /// <summary>The start of the innermost flow collection ([ or {) not closed yet, if any.</summary>
    public Mark? OpenFlowStart => _open.FirstOrDefault(f => f.Flow)?.Start;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        Observe(current);
        LastEnd = current.End;
        return true;
    }

    /// <summary>True when a tab at the start of this line is content of a multi-line scalar or flow collection, where YAML allows it.</summary>
    public bool AllowsTabOn(long line) =>
        _tabFriendlySpans.Any(s => line > s.Start.Line && (line < s.End.Line || (line == s.End.Line && s.End.Column > 1)));

    private void Observe(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart:
                _open.Clear();
                break;
            case Scalar scalar:
                if (scalar.End.Line > scalar.Start.Line)
                {
                    _tabFriendlySpans.Add((scalar.Start, scalar.End));
                }

                if (_open.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey)
                {
                    TakeKey(parent, scalar.Value, scalar.Start);
                }
                else
                {
                    NodeDone();
                }

                break;
            case AnchorAlias:
                NodeDone();
                break;
            case MappingStart mapping:
                CheckDepth(mapping.Start);
                _open.Push(new Frame(ChildPath(), isMapping: true, mapping.Style == MappingStyle.Flow, mapping.Start));
                break;
            case SequenceStart sequence:
                CheckDepth(sequence.Start);
                _open.Push(new Frame(ChildPath(), isMapping: false, sequence.Style == SequenceStyle.Flow, sequence.Start));
                break;
            case MappingEnd or SequenceEnd:
                var closed = _open.Pop();
                if (closed.Flow)
                {
                    _tabFriendlySpans.Add((closed.Start, e.End));
                }

                NodeDone();
                break;
        }
    }

    // Checked as each collection opens, so a file of thousands of nested collections stops here, before the tree (and the
    // key path of every level) is built: both grow with the square of the depth, and building the tree recurses.
    private void CheckDepth(Mark at)
    {
        if (_open.Count >= InputLimits.YamlDepth)
        {
            throw new ConfigException(
                $"config {displayPath}:{at.Line}:{at.Column}: YAML nests more than {InputLimits.YamlDepth} levels deep here; ias's settings nest a few levels at most, so flatten this part of the file");
        }
    }

    // YamlDotNet also rejects duplicates, but without the key's path; this message names it and the first line.
    private void TakeKey(Frame mapping, string key, Mark at)
    {
        var path = Join(mapping.Path, key);
        if (!mapping.Keys.TryAdd(key, at))
        {
            throw new ConfigException(
                $"config {displayPath}:{at.Line}:{at.Column}: duplicate key {path} (first set on line {mapping.Keys[key].Line}); keep only one of them");
        }

        mapping.Key = key;
        mapping.ExpectKey = false;
    }

    private void NodeDone()
    {
        if (!_open.TryPeek(out var parent))
        {
            return;
        }

        if (parent.IsMapping)
        {
            // After a complex (collection or alias) key comes its value; after a value, the next key.
            if (parent.ExpectKey)
            {
                parent.Key = "?";
            }

            parent.ExpectKey = !parent.ExpectKey;
        }
        else
        {
            parent.Index++;
        }
    }

    private string ChildPath()
    {
        if (!_open.TryPeek(out var parent))
        {
            return "";
        }

        if (!parent.IsMapping)
        {
            return $"{parent.Path}[{parent.Index}]";
        }

        return Join(parent.Path, parent.ExpectKey ? "?" : parent.Key);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed class Frame(string path, bool isMapping, bool flow, Mark start)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public bool Flow { get; } = flow;

        public Mark Start { get; } = start;

        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectKey { get; set; } = true;

        public string Key { get; set; } = "";

        public int Index { get; set; }
    }
}
