namespace Ias.Core.Config;

/// <summary>A configuration file's new text after one small change, and that change as a person reads it.</summary>
public sealed record ConfigEdit(string Text, string Change);
