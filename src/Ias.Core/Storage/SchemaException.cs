namespace Ias.Core.Storage;

/// <summary>A JSON document that parsed but does not match a state-file schema; the caller adds which file.</summary>
internal sealed class SchemaException(string problem) : Exception(problem);
