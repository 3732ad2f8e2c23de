namespace Ias.Core.Cycles.Lifecycle;

/// <summary>A refusal the user can act on: one line, what happened then what to do.</summary>
public sealed class RunModeException(string message) : Exception(message);
