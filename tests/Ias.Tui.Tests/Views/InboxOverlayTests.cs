using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>The inbox (i): every question that waits, from every run of the checkout, oldest first; enter answers the selected one.</summary>
public sealed class InboxOverlayTests
{
    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_inbox_lists_every_open_question_oldest_first_with_who_asked_and_how_long_it_has_waited(int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        Screen().Render(buffer, Fixtures.Inbox(), new DashboardState { Mode = new Mode.Overlay("inbox", Selected: 1) }, Fixtures.Log());
        var text = buffer.ToText();

        GoldenScreen.Assert($"inbox-{width}x{height}", text);
        Assert.True(text.IndexOf("D1 ", StringComparison.Ordinal) < text.IndexOf("D2 ", StringComparison.Ordinal), text);
        // A shared queue's question is listed with the checkout's own, with the machine whose runner asked where it fits.
        Assert.Contains("Q1 ", text);
        if (width >= 120)
        {
            Assert.Contains("attempt 2 on build-2", text);
        }
    }

    [Fact]
    public void The_header_counts_the_questions_when_more_than_one_waits()
    {
        var buffer = new CellBuffer(120, 40);
        var screen = Screen();

        screen.Render(buffer, Fixtures.Inbox(), new DashboardState(), Fixtures.Log());
        Assert.Contains("3 questions", buffer.ToText().Split('\n')[0]);

        screen.Render(buffer, Fixtures.Inbox() with { Questions = [Fixtures.Inbox().Questions[0]] }, new DashboardState(), Fixtures.Log());
        Assert.DoesNotContain("question", buffer.ToText().Split('\n')[0]);
    }

    [Fact]
    public void I_with_no_question_open_says_why_and_opens_nothing()
    {
        var (state, effect) = DashboardKeys.Apply(new DashboardState(), "i", ScreenFacts.None, PaneRegistry.Default, Fixtures.Running());

        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Equal(DashboardEffect.None, effect);
        Assert.Equal("no agent is waiting for an answer", state.Message);
    }

    [Fact]
    public void Enter_answers_the_selected_question_not_the_oldest_with_it_shown_in_the_footer_and_esc_closes_the_inbox()
    {
        var screen = Screen();
        var buffer = new CellBuffer(120, 40);
        var snap = Fixtures.Inbox();
        var state = new DashboardState();
        ScreenFacts Draw() => screen.Render(buffer, snap, state, Fixtures.Log());

        (state, _) = DashboardKeys.Apply(state, "i", Draw(), PaneRegistry.Default, snap);
        Assert.Equal("inbox", state.Mode.Shown()?.Id);
        (state, _) = DashboardKeys.Apply(state, "j", Draw(), PaneRegistry.Default, snap);
        (state, _) = DashboardKeys.Apply(state, "enter", Draw(), PaneRegistry.Default, snap);
        Assert.Equal("D2", Assert.IsType<Mode.Typing>(state.Mode).Line.Asking);
        foreach (var key in new[] { "n", "o" })
        {
            (state, _) = DashboardKeys.Apply(state, key, Draw(), PaneRegistry.Default, snap);
        }

        Draw();
        Assert.Contains("D2 asks: May I drop the deprecated /v1 endpoint? answer: no_", buffer.ToText().Split('\n')[^1]);
        Assert.Contains("inbox - enter answers", buffer.ToText());

        (state, var effect) = DashboardKeys.Apply(state, "enter", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(new DashboardEffect.Answer("D2", "no"), effect);
        Assert.Equal("inbox", Assert.IsType<Mode.Overlay>(state.Mode).Id);

        (state, effect) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Equal(DashboardEffect.None, effect);
    }

    [Fact]
    public void When_every_question_is_answered_the_open_inbox_says_none_waits_and_enter_does_nothing()
    {
        var buffer = new CellBuffer(80, 24);
        var state = new DashboardState { Mode = new Mode.Overlay("inbox") };
        var facts = Screen().Render(buffer, Fixtures.Running(), state, Fixtures.Log());

        Assert.Contains("no question waits for an answer", buffer.ToText());
        var (after, effect) = DashboardKeys.Apply(state, "enter", facts, PaneRegistry.Default, Fixtures.Running());
        Assert.Equal((false, DashboardEffect.None), (after.Mode is Mode.Typing, effect));
    }

    [Fact]
    public void A_question_answered_elsewhere_while_its_answer_is_typed_says_it_no_longer_waits()
    {
        var buffer = new CellBuffer(120, 40);
        var snap = Fixtures.Inbox();
        var state = new DashboardState { Mode = new Mode.Typing(new LineEditor(LinePurpose.Answer, "no", Asking: "D2"), new Mode.Overlay("inbox")) };

        Screen().Render(buffer, snap with { Questions = [snap.Questions[0], snap.Questions[2]] }, state, Fixtures.Log());

        Assert.StartsWith("D2 no longer waits answer: no_", buffer.ToText().Split('\n')[^1], StringComparison.Ordinal);
    }

    private static DashboardScreen Screen() => new(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
}
