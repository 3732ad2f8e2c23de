namespace Ias.Core.Agents.Adapters;

/// <summary>How a CLI's status command is started: the program and arguments (the box around it), and its environment, whole or laid over this process's.</summary>
public sealed record ProbeLaunch(string FileName, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment, bool Inherit);
