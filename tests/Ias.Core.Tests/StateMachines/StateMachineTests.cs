using System.Runtime.CompilerServices;
using Ias.Core.Cycles;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Tests.StateMachines;

public sealed class StateMachineTests
{
    private const string GoldenFile = "machines.verified.mmd";

    /// <summary>Every declared edge of the three tables, as (table, from, trigger) in wire spelling so each runs as its own case.</summary>
    public static TheoryData<string, string, string> PermittedTransitions()
    {
        var data = new TheoryData<string, string, string>();
        Add(Machines.Run);
        Add(Machines.Phases);
        Add(Machines.Breaker);
        return data;

        void Add<TState, TTrigger>(StateTable<TState, TTrigger> table)
            where TState : struct, Enum
            where TTrigger : struct, Enum
        {
            foreach (var t in table.Transitions)
            {
                data.Add(table.Name, WireName.Of(t.From), WireName.Of(t.Trigger));
            }
        }
    }

    /// <summary>Every (state, trigger) pair the three tables leave undeclared.</summary>
    public static TheoryData<string, string, string> ForbiddenTransitions()
    {
        var data = new TheoryData<string, string, string>();
        Add(Machines.Run);
        Add(Machines.Phases);
        Add(Machines.Breaker);
        return data;

        void Add<TState, TTrigger>(StateTable<TState, TTrigger> table)
            where TState : struct, Enum
            where TTrigger : struct, Enum
        {
            foreach (var state in Enum.GetValues<TState>())
            {
                foreach (var trigger in Enum.GetValues<TTrigger>().Where(x => !table.TryGet(state, x, out _)))
                {
                    data.Add(table.Name, WireName.Of(state), WireName.Of(trigger));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PermittedTransitions))]
    public void Every_permitted_transition_fires_and_lands_on_its_target(string table, string from, string trigger)
    {
        switch (table)
        {
            case "run":
                FiresToTarget(Machines.Run, from, trigger);
                break;
            case "phase":
                FiresToTarget(Machines.Phases, from, trigger);
                break;
            case "circuit breaker":
                FiresToTarget(Machines.Breaker, from, trigger);
                break;
            default:
                Assert.Fail($"unknown table {table}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ForbiddenTransitions))]
    public void Every_undeclared_transition_throws_and_leaves_the_state_alone(string table, string from, string trigger)
    {
        switch (table)
        {
            case "run":
                Rejects(Machines.Run, from, trigger);
                break;
            case "phase":
                Rejects(Machines.Phases, from, trigger);
                break;
            case "circuit breaker":
                Rejects(Machines.Breaker, from, trigger);
                break;
            default:
                Assert.Fail($"unknown table {table}");
                break;
        }
    }

    [Fact]
    public void Each_table_declares_the_edges_the_spec_draws()
    {
        Assert.Equal(8, Machines.Run.Transitions.Count);
        Assert.Equal(8, Machines.Phases.Transitions.Count);
        Assert.Equal(4, Machines.Breaker.Transitions.Count);
        Assert.Equal(20, PermittedTransitions().Count());
    }

    [Theory]
    [InlineData(RunState.Ready, RunTrigger.Resume, "READY", "RESUME")]
    [InlineData(RunState.JackedOut, RunTrigger.Start, "JACKED_OUT", "START")]
    [InlineData(RunState.Complete, RunTrigger.Halt, "COMPLETE", "HALT")]
    public void A_forbidden_run_move_names_state_and_trigger_in_wire_spelling(RunState state, RunTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(new StateMachine<RunState, RunTrigger>(Machines.Run, state), trigger, "run", wireState, wireTrigger);

    [Theory]
    [InlineData(Phase.Audit, PhaseTrigger.Implemented, "AUDIT", "IMPLEMENTED")]
    [InlineData(Phase.RateLimited, PhaseTrigger.Throttle, "RATE_LIMITED", "THROTTLE")]
    public void A_forbidden_phase_move_names_state_and_trigger_in_wire_spelling(Phase state, PhaseTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(new StateMachine<Phase, PhaseTrigger>(Machines.Phases, state), trigger, "phase", wireState, wireTrigger);

    [Theory]
    [InlineData(BreakerState.Closed, BreakerTrigger.Reset, "CLOSED", "RESET")]
    [InlineData(BreakerState.Open, BreakerTrigger.CycleSucceeded, "OPEN", "CYCLE_SUCCEEDED")]
    public void A_forbidden_breaker_move_names_state_and_trigger_in_wire_spelling(BreakerState state, BreakerTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(new StateMachine<BreakerState, BreakerTrigger>(Machines.Breaker, state), trigger, "circuit breaker", wireState, wireTrigger);

    [Fact]
    public void A_final_state_says_so_when_a_trigger_is_refused()
    {
        var machine = new StateMachine<RunState, RunTrigger>(Machines.Run, RunState.JackedOut);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(RunTrigger.Start));

        Assert.Equal("run: trigger START is not permitted in state JACKED_OUT (a final state)", ex.Message);
    }

    [Fact]
    public void A_refused_trigger_lists_what_the_state_permits()
    {
        var machine = new StateMachine<RunState, RunTrigger>(Machines.Run, RunState.Ready);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(RunTrigger.Resume));

        Assert.Equal("run: trigger RESUME is not permitted in state READY (permitted: START)", ex.Message);
    }

    [Theory]
    [InlineData(Phase.Implement)]
    [InlineData(Phase.Review)]
    [InlineData(Phase.Audit)]
    public void Rate_limited_returns_at_the_hour_boundary_to_the_phase_it_came_from(Phase phase)
    {
        var machine = new StateMachine<Phase, PhaseTrigger>(Machines.Phases, phase);

        machine.Fire(PhaseTrigger.Throttle);
        Assert.Equal(Phase.RateLimited, machine.State);

        Assert.Equal(phase, machine.Fire(PhaseTrigger.HourBoundary));
        Assert.Equal(phase, machine.State);
    }

    [Fact]
    public void A_machine_walks_a_whole_sprint_from_ready_to_jacked_out()
    {
        var run = new StateMachine<RunState, RunTrigger>(Machines.Run);

        foreach (var trigger in new[] { RunTrigger.Start, RunTrigger.PreflightPassed, RunTrigger.Trip, RunTrigger.Resume, RunTrigger.AllPassed, RunTrigger.JackOut })
        {
            run.Fire(trigger);
        }

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.Equal(RunState.Complete, run.Previous);
        Assert.Contains(RunState.JackedOut, Machines.Run.FinalStates);
    }

    [Fact]
    public void The_mermaid_graphs_match_the_reviewed_golden_file()
    {
        var expected = ReadGolden(GoldenFile).ReplaceLineEndings("\n");

        Assert.Equal(expected, Machines.Mermaid());
    }

    private static void FiresToTarget<TState, TTrigger>(StateTable<TState, TTrigger> table, string from, string trigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var state = WireName.Parse<TState>(from);
        var edge = table.Resolve(state, WireName.Parse<TTrigger>(trigger));
        // A return edge needs somewhere to return to: enter the state from each state that can, and expect to go back there.
        var entries = edge.ReturnsToPrevious
            ? table.Transitions.Where(t => !t.ReturnsToPrevious && t.To.Equals(state) && !t.From.Equals(state)).Select(t => (TState?)t.From).ToArray()
            : [null];
        Assert.NotEmpty(entries);

        foreach (var previous in entries)
        {
            var machine = new StateMachine<TState, TTrigger>(table, state, previous);
            var expected = previous ?? edge.To;

            Assert.Equal(expected, machine.Fire(edge.Trigger));
            Assert.Equal(expected, machine.State);
            Assert.Equal(state, machine.Previous);
        }
    }

    private static void Rejects<TState, TTrigger>(StateTable<TState, TTrigger> table, string from, string trigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var state = WireName.Parse<TState>(from);
        var machine = new StateMachine<TState, TTrigger>(table, state);

        Assert.False(machine.CanFire(WireName.Parse<TTrigger>(trigger)));
        AssertNamed(machine, WireName.Parse<TTrigger>(trigger), table.Name, from, trigger);
    }

    private static void AssertNamed<TState, TTrigger>(StateMachine<TState, TTrigger> machine, TTrigger trigger, string table, string wireState, string wireTrigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var before = machine.State;

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(trigger));

        Assert.Equal(table, ex.Machine);
        Assert.Equal(wireState, ex.State);
        Assert.Equal(wireTrigger, ex.Trigger);
        Assert.StartsWith($"{table}: trigger {wireTrigger} is not permitted in state {wireState}", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(before, machine.State);
    }

    /// <summary>Reads a golden file that sits next to this source file, so no csproj copy rule is needed.</summary>
    private static string ReadGolden(string name, [CallerFilePath] string sourceFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(sourceFile)!, name);
        Assert.True(File.Exists(path), $"golden file {path} is missing; write Machines.Mermaid() to it and review it by eye");
        return File.ReadAllText(path);
    }
}
