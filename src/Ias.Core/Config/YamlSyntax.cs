using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Turns configuration text into YAML nodes, or into a one-line error that says where and what to fix.</summary>
internal static class YamlSyntax
{
    public static YamlStream Load(string text, string displayPath)
    {
        var watch = new WatchingParser(new Parser(new StringReader(text)), displayPath);
        var stream = new YamlStream();
        try
        {
            stream.Load(watch);
        }
        catch (YamlException ex)
        {
            throw SyntaxError(text, displayPath, watch, ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet 16.3 fails this way (no position) on some unclosed flow collections such as "a: [1, 2".
            throw watch.OpenFlowStart is { } open
                ? Error(displayPath, open, "YAML syntax error: this [ or { is never closed; close it or fix the YAML syntax", ex)
                : Error(displayPath, watch.LastEnd, "YAML syntax error after this point; fix the YAML syntax", ex);
        }

        // YamlDotNet tolerates some tab indentation (after spaces) that YAML forbids and other tools reading this file reject.
        if (FirstIndentTab(text, watch, fromLine: 1, strict: false) is { } tab)
        {
            throw TabError(displayPath, tab);
        }

        return stream;
    }

    private static ConfigException SyntaxError(string text, string displayPath, WatchingParser watch, YamlException ex)
    {
        // YamlDotNet often reports a tab problem at the start of the enclosing mapping, so look for the tab itself.
        var mentionsTab = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase);
        var tab = FirstIndentTab(text, watch, fromLine: ex.Start.Line, strict: true);
        if (tab is { } t && (mentionsTab || t.Line <= ex.End.Line))
        {
            return TabError(displayPath, t, ex);
        }

        if (mentionsTab)
        {
            return TabError(displayPath, ex.Start, ex);
        }

        var reason = Regex.Replace(ex.Message, @"\s+", " ").Trim().TrimEnd('.');
        if (reason.Length > 0)
        {
            reason = char.ToLowerInvariant(reason[0]) + reason[1..];
        }

        return Error(displayPath, ex.Start, $"YAML syntax error: {reason}; fix the YAML syntax", ex);
    }

    /// <summary>The first tab in a line's leading whitespace that is not content of a multi-line scalar or flow collection; strict counts blank and comment lines too.</summary>
    private static Mark? FirstIndentTab(string text, WatchingParser watch, long fromLine, bool strict)
    {
        var lines = text.Split('\n');
        for (var i = (int)Math.Max(fromLine - 1, 0); i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var indent = line.Length - line.TrimStart(' ', '\t').Length;
            var tab = line.IndexOf('\t', 0, indent);
            if (tab < 0)
            {
                continue;
            }

            // YAML allows tabs before a comment and on blank lines, and YamlDotNet mostly agrees; when it does not, they are the culprit.
            var rest = line[indent..];
            var ignorable = !strict && (rest.Length == 0 || rest.StartsWith('#'));
            if (!ignorable && !watch.AllowsTabOn(i + 1))
            {
                return new Mark(0, i + 1, tab + 1);
            }
        }

        return null;
    }

    private static ConfigException TabError(string displayPath, Mark at, Exception? inner = null) =>
        Error(displayPath, at, "tab character in indentation; YAML allows spaces only — replace tabs with spaces", inner);

    private static ConfigException Error(string displayPath, Mark at, string message, Exception? inner)
    {
        var text = $"config {displayPath}:{at.Line}:{at.Column}: {message}";
        return inner is null ? new ConfigException(text) : new ConfigException(text, inner);
    }
}
