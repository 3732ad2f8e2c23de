namespace Ias.Core.Jobs.Records;

/// <summary>A queue command cannot do what was asked; the message says why and what to do, in one line.</summary>
public class QueueException(string message) : Exception(message);
