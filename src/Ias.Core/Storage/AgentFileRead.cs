using System.Text;

namespace Ias.Core.Storage;

/// <summary>What <see cref="AgentFile.Read"/> found: the bytes, nothing (no such file), or why it refused.</summary>
public sealed record AgentFileRead(byte[]? Bytes, string? Refused)
{
    public static readonly AgentFileRead Missing = new(null, null);

    /// <summary>A refusal; the line names a file an agent named, so its control characters are made visible to keep it one line.</summary>
    public static AgentFileRead Refuse(string why) => new(null, AgentFile.Shown(why));

    /// <summary>The bytes as UTF-8 text; empty when nothing was read.</summary>
    public string Text => Bytes is null ? "" : Encoding.UTF8.GetString(Bytes);
}
