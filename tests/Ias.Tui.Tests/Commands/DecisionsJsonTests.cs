using Ias.Core.Decisions;
using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Commands;

/// <summary>`ias decisions --json` as scripts read it: every field's name, place, null and text form, and the indentation.</summary>
public sealed class DecisionsJsonTests
{
    private static readonly DateTimeOffset Asked = new(2026, 11, 22, 8, 15, 30, 750, TimeSpan.FromHours(2));

    [Fact]
    public void Each_open_question_is_an_object_with_its_fields_in_order_and_nulls_kept()
    {
        Decision[] open =
        [
            new("D1", "A or B?\nSay \"A\" + why: café\u001b[31m", Asked, "sprint-1", "IMPLEMENT-2", "IMPLEMENT", 2, "implementer", "session-1"),
            new("Q1", "Which port?", Asked.AddHours(1), "team", "0002-reviewer", Decision.JobPhase, 1, "reviewer", null) { Host = "build-2", Checkout = "/srv/shop" },
        ];

        Assert.Equal(
            """
            [
              {
                "id": "D1",
                "question": "A or B?\nSay \u0022A\u0022 \u002B why: caf\u00E9",
                "asked": "2026-11-22T06:15:30Z",
                "run": "sprint-1",
                "job": "IMPLEMENT-2",
                "phase": "IMPLEMENT",
                "cycle": 2,
                "role": "implementer",
                "host": null
              },
              {
                "id": "Q1",
                "question": "Which port?",
                "asked": "2026-11-22T07:15:30Z",
                "run": "team",
                "job": "0002-reviewer",
                "phase": "JOB",
                "cycle": 1,
                "role": "reviewer",
                "host": "build-2"
              }
            ]

            """,
            DecisionsJson.Render(open));
    }

    [Fact]
    public void No_open_question_is_an_empty_array()
    {
        Assert.Equal("[]\n", DecisionsJson.Render([]));
    }
}
