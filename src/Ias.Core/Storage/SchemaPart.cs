namespace Ias.Core.Storage;

/// <summary>
/// One feature's tables in ias.db. <see cref="RunStore"/> finds every part declared with <see cref="SchemaPartAttribute"/>:
/// a new file gets each part's <see cref="Create"/>, an older one each part's <see cref="Upgrade"/> for every version it is behind.
/// </summary>
internal abstract class SchemaPart
{
    /// <summary>
    /// The part's CREATE statements as tables stand at <see cref="RunStore.SchemaVersion"/>; plain CREATE TABLE, not IF NOT
    /// EXISTS, so a foreign database that happens to have a table of the same name fails loudly.
    /// </summary>
    public abstract string Create { get; }

    /// <summary>Statements that bring the part's tables from schema <paramref name="version"/> to the next one; empty when they did not change.</summary>
    public virtual string Upgrade(long version) => "";
}
