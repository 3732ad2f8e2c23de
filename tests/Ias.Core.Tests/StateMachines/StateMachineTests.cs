using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Stateless.Graph;
using Stateless.Reflection;

namespace Ias.Core.Tests.StateMachines;

public sealed class StateMachineTests
{
    /// <summary>Every declared edge of the run, phase and breaker machines, as (machine, from, trigger) in wire spelling so each runs as its own case.</summary>
    public static TheoryData<string, string, string> PermittedTransitions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (machine, info) in Infos())
        {
            foreach (var (from, trigger) in Edges(info))
            {
                data.Add(machine, Wire(from), Wire(trigger));
            }
        }

        return data;
    }

    /// <summary>Every (state, trigger) pair the three machines leave undeclared.</summary>
    public static TheoryData<string, string, string> ForbiddenTransitions()
    {
        var data = new TheoryData<string, string, string>();
        Add<RunState, RunTrigger>("run", Machines.Run().GetInfo());
        Add<Phase, PhaseTrigger>("phase", Machines.Phases().GetInfo());
        Add<BreakerState, BreakerTrigger>("circuit breaker", BreakerStateMachine.Create().GetInfo());
        return data;

        void Add<TState, TTrigger>(string machine, StateMachineInfo info)
            where TState : struct, Enum
            where TTrigger : struct, Enum
        {
            var declared = Edges(info).ToHashSet();
            foreach (var state in Enum.GetValues<TState>())
            {
                foreach (var trigger in Enum.GetValues<TTrigger>().Where(t => !declared.Contains((state, t))))
                {
                    data.Add(machine, WireName.Of(state), WireName.Of(trigger));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PermittedTransitions))]
    public void Every_permitted_transition_fires_and_lands_on_its_target(string machine, string from, string trigger)
    {
        switch (machine)
        {
            case "run":
                FiresToTarget<RunState, RunTrigger>(Machines.Run().GetInfo(), from, trigger, RunAt);
                break;
            case "phase":
                FiresToTarget<Phase, PhaseTrigger>(Machines.Phases().GetInfo(), from, trigger, s => PhaseAt(s).Machine);
                break;
            case "circuit breaker":
                FiresToTarget<BreakerState, BreakerTrigger>(BreakerStateMachine.Create().GetInfo(), from, trigger, BreakerAt);
                break;
            default:
                Assert.Fail($"unknown machine {machine}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ForbiddenTransitions))]
    public void Every_undeclared_transition_throws_and_leaves_the_state_alone(string machine, string from, string trigger)
    {
        switch (machine)
        {
            case "run":
                Rejects(RunAt(WireName.Parse<RunState>(from)), WireName.Parse<RunTrigger>(trigger), machine, from, trigger);
                break;
            case "phase":
                Rejects(PhaseAt(WireName.Parse<Phase>(from)).Machine, WireName.Parse<PhaseTrigger>(trigger), machine, from, trigger);
                break;
            case "circuit breaker":
                Rejects(BreakerAt(WireName.Parse<BreakerState>(from)), WireName.Parse<BreakerTrigger>(trigger), machine, from, trigger);
                break;
            default:
                Assert.Fail($"unknown machine {machine}");
                break;
        }
    }

    [Fact]
    public void Each_machine_declares_the_edges_the_spec_draws()
    {
        Assert.Equal(11, Edges(Machines.Run().GetInfo()).Count());
        Assert.Equal(28, Edges(Machines.Phases().GetInfo()).Count());
        Assert.Equal(4, Edges(BreakerStateMachine.Create().GetInfo()).Count());
        Assert.Equal(43, PermittedTransitions().Count());
    }

    [Theory]
    [InlineData(RunState.Ready, RunTrigger.Resume, "READY", "RESUME")]
    [InlineData(RunState.JackedOut, RunTrigger.Start, "JACKED_OUT", "START")]
    [InlineData(RunState.Complete, RunTrigger.Halt, "COMPLETE", "HALT")]
    public void A_forbidden_run_move_names_state_and_trigger_in_wire_spelling(RunState state, RunTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(RunAt(state), trigger, "run", wireState, wireTrigger);

    [Theory]
    [InlineData(Phase.Audit, PhaseTrigger.Implemented, "AUDIT", "IMPLEMENTED")]
    [InlineData(Phase.RateLimited, PhaseTrigger.Throttle, "RATE_LIMITED", "THROTTLE")]
    public void A_forbidden_phase_move_names_state_and_trigger_in_wire_spelling(Phase state, PhaseTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(PhaseAt(state).Machine, trigger, "phase", wireState, wireTrigger);

    [Theory]
    [InlineData(BreakerState.Closed, BreakerTrigger.Reset, "CLOSED", "RESET")]
    [InlineData(BreakerState.Open, BreakerTrigger.CycleSucceeded, "OPEN", "CYCLE_SUCCEEDED")]
    public void A_forbidden_breaker_move_names_state_and_trigger_in_wire_spelling(BreakerState state, BreakerTrigger trigger, string wireState, string wireTrigger) =>
        AssertNamed(BreakerAt(state), trigger, "circuit breaker", wireState, wireTrigger);

    [Fact]
    public void A_final_state_says_so_when_a_trigger_is_refused()
    {
        var machine = RunAt(RunState.JackedOut);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(RunTrigger.Start));

        Assert.Equal("run: trigger START is not permitted in state JACKED_OUT (a final state)", ex.Message);
    }

    [Fact]
    public void A_refused_trigger_lists_what_the_state_permits()
    {
        var machine = RunAt(RunState.Ready);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(RunTrigger.Resume));

        Assert.Equal("run: trigger RESUME is not permitted in state READY (permitted: START)", ex.Message);
    }

    [Fact]
    public void A_halted_run_does_not_resume_while_the_breaker_is_open_and_the_error_names_the_guard()
    {
        var breaker = BreakerState.Open;
        var state = RunState.Halted;
        var machine = Machines.Run(() => state, s => state = s, () => breaker);

        Assert.False(machine.CanFire(RunTrigger.Resume));
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(RunTrigger.Resume));

        Assert.Equal("run: trigger RESUME is not permitted in state HALTED (guard not met: circuit breaker is not OPEN)", ex.Message);
        Assert.Equal([Machines.BreakerNotOpen], ex.UnmetGuards);
        Assert.Equal(RunState.Halted, state);

        breaker = BreakerState.HalfOpen;
        machine.Fire(RunTrigger.Resume);

        Assert.Equal(RunState.Running, state);
    }

    [Fact]
    public void A_rate_limited_phase_with_no_recorded_phase_refuses_the_hour_boundary_naming_the_guard()
    {
        // A RATE_LIMITED row without the phase it interrupted: there is nowhere to go back to.
        var (machine, _, _) = PhaseAt(Phase.RateLimited);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(PhaseTrigger.HourBoundary));

        Assert.Equal("phase: trigger HOUR_BOUNDARY is not permitted in state RATE_LIMITED (guard not met: the interrupted phase is recorded)", ex.Message);
        Assert.Equal(Phase.RateLimited, machine.State);
    }

    [Fact]
    public void Guard_descriptions_appear_on_their_edges_in_the_mermaid_graph()
    {
        var run = MermaidGraph.Format(Machines.Run().GetInfo());
        var phases = MermaidGraph.Format(Machines.Phases().GetInfo());

        Assert.Contains($"Halted --> Running : Resume [{Machines.BreakerNotOpen}]", run);
        Assert.Contains($"RateLimited --> Decision1 : HourBoundary [{Machines.PhaseRecorded}]", phases);
    }

    [Theory]
    [InlineData(Phase.Implement)]
    [InlineData(Phase.Review)]
    [InlineData(Phase.Audit)]
    public void Rate_limited_returns_at_the_hour_boundary_to_the_phase_it_came_from(Phase phase)
    {
        var (machine, _, interrupted) = PhaseAt(phase);

        machine.Fire(PhaseTrigger.Throttle);
        Assert.Equal(Phase.RateLimited, machine.State);
        Assert.Equal(phase, interrupted());

        machine.Fire(PhaseTrigger.HourBoundary);
        Assert.Equal(phase, machine.State);
        Assert.Null(interrupted());
    }

    [Theory]
    [InlineData(Phase.Implement)]
    [InlineData(Phase.Review)]
    [InlineData(Phase.E2eTesting)]
    public void A_question_waits_in_awaiting_decision_and_the_answer_returns_to_the_phase_that_asked(Phase phase)
    {
        var (machine, _, interrupted) = PhaseAt(phase);

        machine.Fire(PhaseTrigger.Ask);
        Assert.Equal(Phase.AwaitingDecision, machine.State);
        Assert.Equal(phase, interrupted());
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(PhaseTrigger.Throttle));

        machine.Fire(PhaseTrigger.Answered);
        Assert.Equal(phase, machine.State);
        Assert.Null(interrupted());
    }

    [Fact]
    public void The_machine_reads_and_writes_the_state_its_owner_stores()
    {
        // The owner's record is what SQLite saves and loads; the machine keeps no copy of its own.
        var row = (State: RunState.Ready, Saved: 0);
        var machine = Machines.Run(() => row.State, s => row = (s, row.Saved + 1), () => BreakerState.Closed);

        machine.Fire(RunTrigger.Start);
        Assert.Equal((RunState.JackIn, 1), row);

        row = (RunState.Halted, row.Saved); // loaded again from the database
        Assert.Equal(RunState.Halted, machine.State);
        machine.Fire(RunTrigger.Resume);
        Assert.Equal((RunState.Running, 2), row);
    }

    [Fact]
    public void A_machine_walks_a_whole_sprint_from_ready_to_jacked_out()
    {
        var run = Machines.Run();

        foreach (var trigger in new[] { RunTrigger.Start, RunTrigger.PreflightPassed, RunTrigger.Trip, RunTrigger.Resume, RunTrigger.Recover, RunTrigger.AllPassed, RunTrigger.JackOut })
        {
            run.Fire(trigger);
        }

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.All(Enum.GetValues<RunTrigger>(), t => Assert.False(run.CanFire(t)));
    }

    private static IEnumerable<(string Machine, StateMachineInfo Info)> Infos() =>
    [
        ("run", Machines.Run().GetInfo()),
        ("phase", Machines.Phases().GetInfo()),
        ("circuit breaker", BreakerStateMachine.Create().GetInfo()),
    ];

    /// <summary>(from, trigger) of every fixed and dynamic transition the machine declares.</summary>
    private static IEnumerable<(object From, object Trigger)> Edges(StateMachineInfo info) =>
        info.States.SelectMany(s =>
            s.FixedTransitions.Select(t => (s.UnderlyingState, t.Trigger.UnderlyingTrigger))
                .Concat(s.DynamicTransitions.Select(t => (s.UnderlyingState, t.Trigger.UnderlyingTrigger))));

    private static string Wire(object value) => value switch
    {
        RunState x => WireName.Of(x),
        RunTrigger x => WireName.Of(x),
        Phase x => WireName.Of(x),
        PhaseTrigger x => WireName.Of(x),
        BreakerState x => WireName.Of(x),
        BreakerTrigger x => WireName.Of(x),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a state or trigger of these machines"),
    };

    private static StrictStateMachine<RunState, RunTrigger> RunAt(RunState start)
    {
        var state = start;
        return Machines.Run(() => state, s => state = s, () => BreakerState.Closed);
    }

    private static (StrictStateMachine<Phase, PhaseTrigger> Machine, Func<Phase> Phase, Func<Phase?> Interrupted) PhaseAt(Phase start)
    {
        var phase = start;
        Phase? interrupted = null;
        return (Machines.Phases(() => phase, p => phase = p, () => interrupted, p => interrupted = p), () => phase, () => interrupted);
    }

    private static StrictStateMachine<BreakerState, BreakerTrigger> BreakerAt(BreakerState start)
    {
        var state = start;
        return BreakerStateMachine.Create(() => state, s => state = s);
    }

    private static void FiresToTarget<TState, TTrigger>(StateMachineInfo info, string from, string trigger, Func<TState, StrictStateMachine<TState, TTrigger>> at)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var state = WireName.Parse<TState>(from);
        var fired = WireName.Parse<TTrigger>(trigger);
        var source = info.States.Single(s => s.UnderlyingState.Equals(state));

        if (source.FixedTransitions.SingleOrDefault(t => t.Trigger.UnderlyingTrigger.Equals(fired)) is { } edge)
        {
            var machine = at(state);
            machine.Fire(fired);
            Assert.Equal(edge.DestinationState.UnderlyingState, machine.State);
            return;
        }

        // A dynamic edge goes back where the machine came from: enter the state from each declared destination and expect to return there.
        var dynamic = source.DynamicTransitions.Single(t => t.Trigger.UnderlyingTrigger.Equals(fired));
        Assert.NotEmpty(dynamic.PossibleDestinationStates);
        foreach (var destination in dynamic.PossibleDestinationStates)
        {
            var back = Enum.Parse<TState>(destination.DestinationState);
            var entry = info.States.Single(s => s.UnderlyingState.Equals(back)).FixedTransitions
                .Single(t => t.DestinationState.UnderlyingState.Equals(state));
            var machine = at(back);

            machine.Fire((TTrigger)entry.Trigger.UnderlyingTrigger);
            Assert.Equal(state, machine.State);
            machine.Fire(fired);
            Assert.Equal(back, machine.State);
        }
    }

    private static void Rejects<TState, TTrigger>(StrictStateMachine<TState, TTrigger> machine, TTrigger trigger, string name, string wireState, string wireTrigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        Assert.False(machine.CanFire(trigger));
        AssertNamed(machine, trigger, name, wireState, wireTrigger);
    }

    private static void AssertNamed<TState, TTrigger>(StrictStateMachine<TState, TTrigger> machine, TTrigger trigger, string name, string wireState, string wireTrigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var before = machine.State;

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(trigger));

        Assert.Equal(name, ex.Machine);
        Assert.Equal(wireState, ex.State);
        Assert.Equal(wireTrigger, ex.Trigger);
        Assert.StartsWith($"{name}: trigger {wireTrigger} is not permitted in state {wireState}", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(before, machine.State);
    }
}
