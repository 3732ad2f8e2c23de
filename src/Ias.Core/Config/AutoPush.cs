namespace Ias.Core.Config;

/// <summary>What happens after a run finishes: push and open a PR, stay local, or ask.</summary>
public enum AutoPush
{
    True,
    False,
    Prompt,
}
