using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>
/// Turns Run Mode on in a .loa.config.yaml of the user's by the smallest change that does it: the one value of
/// run_mode.enabled, one line under run_mode:, or the section at the end. Every other byte stays as the user wrote it
/// (comments, order, quoting), and a file where no such change is certain to work is left alone.
/// </summary>
public static class RunModeSwitch
{
    /// <summary>
    /// The file's text with Run Mode on and the change as a person reads it ("line 3: enabled: false becomes enabled: true");
    /// null when no one-line change does it. The result is read back as configuration before it is offered, with
    /// <paramref name="agents"/> the agent names it may hold.
    /// </summary>
    public static ConfigEdit? TurnOn(string text, IReadOnlyCollection<AgentKind> agents)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlStream stream;
        try
        {
            stream = YamlSyntax.Load(text, ConfigLoader.FileName);
        }
        catch (ConfigException)
        {
            return null;
        }

        var edit = stream.Documents switch
        {
            [] => Append(text),
            [{ RootNode: YamlMappingNode { Style: not MappingStyle.Flow } root }] => InRoot(text, root),
            _ => null,
        };
        return edit is not null && TurnsOn(edit.Text, agents) ? edit : null;
    }

    private static ConfigEdit? InRoot(string text, YamlMappingNode root)
    {
        var section = root.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "run_mode" }).Value;
        if (section is null)
        {
            return Append(text);
        }

        if (section is not YamlMappingNode { Style: not MappingStyle.Flow } runMode || runMode.Children.Count == 0)
        {
            return null;
        }

        var enabled = runMode.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "enabled" });
        return enabled.Value is null ? AddFirst(text, runMode) : Replace(text, enabled.Value);
    }

    // `enabled: false` → `enabled: true`: only a plain value whose text is exactly where the parser says it is.
    private static ConfigEdit? Replace(string text, YamlNode value)
    {
        if (value is not YamlScalarNode { Style: ScalarStyle.Plain, Value: { } old } || !At(text, value.Start, value.End, old))
        {
            return null;
        }

        var start = (int)value.Start.Index;
        return new ConfigEdit(text[..start] + "true" + text[(start + old.Length)..], $"line {value.Start.Line}: enabled: {old} becomes enabled: true");
    }

    // A new line `enabled: true` above run_mode's first key, indented as that key is.
    private static ConfigEdit? AddFirst(string text, YamlMappingNode runMode)
    {
        var first = runMode.Children[0].Key;
        var at = (int)first.Start.Index;
        var lineStart = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
        if (at - lineStart != first.Start.Column - 1 || text[lineStart..at].Any(c => c != ' '))
        {
            return null;
        }

        var line = text[lineStart..at] + "enabled: true" + NewLine(text);
        return new ConfigEdit(text[..lineStart] + line + text[lineStart..], $"line {first.Start.Line}: enabled: true added under run_mode:");
    }

    private static ConfigEdit Append(string text)
    {
        var nl = NewLine(text);
        var gap = text.Length == 0 || text.EndsWith('\n') ? "" : nl;
        return new ConfigEdit(text + gap + "run_mode:" + nl + "  enabled: true" + nl, "run_mode: with enabled: true added at the end");
    }

    private static bool At(string text, Mark start, Mark end, string value) =>
        end.Index - start.Index == value.Length && start.Index + value.Length <= text.Length
            && string.CompareOrdinal(text, (int)start.Index, value, 0, value.Length) == 0;

    private static string NewLine(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    // The proof of the change: the new text reads as configuration, with Run Mode on.
    private static bool TurnsOn(string text, IReadOnlyCollection<AgentKind> agents)
    {
        try
        {
            return ConfigLoader.Parse(text, ConfigLoader.FileName, agents).Config.RunMode.Enabled;
        }
        catch (ConfigException)
        {
            return false;
        }
    }
}
