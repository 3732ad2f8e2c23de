namespace Ias.Core.Guardrails;

/// <summary>What a guardrail check lets happen: go on, go on with a warning logged, or stop that step.</summary>
public enum GuardAction
{
    Proceed,
    Warn,
    Block,
}
