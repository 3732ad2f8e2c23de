using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.Records;

/// <summary>One row of state.json's cycles.history: the phase that ended a step of a cycle and how many findings it had.</summary>
public sealed record CycleEntry(int Cycle, Phase Phase, int Findings);
