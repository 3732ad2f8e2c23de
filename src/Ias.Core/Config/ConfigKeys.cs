using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Configuration text as a flat list of dotted keys and their values, so two versions of a file can be compared key by key.</summary>
public static class ConfigKeys
{
    /// <summary>Past this many leaves the walk stops: aliases can make a small file expand to millions of them.</summary>
    public const int MaxKeys = 5000;

    /// <summary>
    /// Every leaf of the first YAML document, as `agents.reviewer.command` → its value; a list of plain values is one value
    /// (`[a, b]`), a list of mappings gives `key[0].name`. Null or empty text has no keys.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Flatten(string? yamlText, string displayPath)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(yamlText))
        {
            return keys;
        }

        var stream = YamlSyntax.Load(yamlText, displayPath);
        if (stream.Documents.Count > 0)
        {
            Walk(stream.Documents[0].RootNode, "", keys);
        }

        return keys;
    }

    private static void Walk(YamlNode node, string prefix, SortedDictionary<string, string> keys)
    {
        if (keys.Count >= MaxKeys)
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode map when map.Children.Count > 0:
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
                    Walk(value, prefix.Length == 0 ? name : $"{prefix}.{name}", keys);
                }

                break;
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode):
                keys[prefix] = "[" + string.Join(", ", list.Children.Select(c => Scalar((YamlScalarNode)c))) + "]";
                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Walk(list.Children[i], $"{prefix}[{i}]", keys);
                }

                break;
            case YamlScalarNode scalar:
                keys[prefix] = Scalar(scalar);
                break;
            default:
                keys[prefix] = "{}";
                break;
        }
    }

    private static string Scalar(YamlScalarNode node) => node.Value is { Length: > 0 } v ? v : "null";
}
