namespace Ias.Core.Plans;

/// <summary>What moves a sprint plan between the <see cref="Cycles.Lifecycle.RunState"/>s its sprint-plan-state.json records.</summary>
public enum PlanTrigger
{
    /// <summary>A sprint halted or could not start: the plan waits for `ias run-resume`.</summary>
    Halt,

    /// <summary>`ias run-resume` continues a halted plan, or one a lost engine left running.</summary>
    Resume,

    /// <summary>Every sprint of the plan completed; its publishing is still to come.</summary>
    AllSprintsDone,

    /// <summary>The plan's work is published (its consolidated draft PR, or each sprint's own).</summary>
    Published,

    /// <summary>A person ends a halted plan instead of resuming it.</summary>
    JackOut,

    /// <summary>The git-aware state sync found a commit for every sprint of a plan a lost engine left running.</summary>
    GitInferred,

    /// <summary>The consolidated draft PR is open and post-PR validation checks it: COMPLETE → RUNNING.</summary>
    Validate,

    /// <summary>Post-PR validation passed (the consolidated PR's, or every sprint's own PR's): the draft waits for a person.</summary>
    Validated,
}
