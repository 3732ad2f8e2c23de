namespace Ias.Core.Agents;

/// <summary>How to start a program: the file and the arguments that come before any of ours.</summary>
public sealed record AgentLaunch(string FileName, IReadOnlyList<string> Args);
