using Ias.Core.Reports;

namespace Ias.Core.Tests.Reports;

/// <summary>`ias report --json` as scripts read it: every field's name, place, null and number form, and the indentation.</summary>
public sealed class ReportJsonTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_report_writes_every_field_in_its_place_with_nulls_kept_and_text_inert()
    {
        var report = new MorningReport("/home/ana/café+shop\u001b[31m", Morning.AddHours(-12), Morning.AddMilliseconds(500))
        {
            Needs =
            [
                new Need(NeedKind.Question, Morning.AddHours(-2), "night", "A or B?\tsay", "ias answer D1 \"…\"") { Id = "D1" },
                new Need(NeedKind.Parked, Morning.AddHours(-1), "team", "usage limit", null) { Host = "build-2", Until = Morning.AddHours(3) },
            ],
            Finished =
            [
                new FinishedRun("sprint", "sprint-1", "DONE — passed, draft PR opened", Morning.AddHours(-4), "https://github.com/acme/shop/pull/7"),
                new FinishedRun("bug", "bug-7", "ENDED — after a halt", Morning.AddHours(-3), null),
            ],
            Jobs =
            [
                new JobTally("night", null, 3, [new FailureGroup("network", "timed out", ["0002-reviewer", "0003-auditor"])], ["https://github.com/acme/shop/pull/8"]),
                new JobTally("team", "build-2", 0, [], []),
            ],
            Agents =
            [
                new AgentUse("claude", null, 4, 12000, 3400, 1.50m, TimeSpan.FromMinutes(95)),
                new AgentUse("codex", "build-2", 1, 10, 20, 0m, TimeSpan.Zero),
            ],
            Runs = [new RunCost("night", 2.5m, 10m), new RunCost("sprint-1", 0.125m, null)],
            Today = (3.25m, null),
            Unread = ["the shared queue: connection refused"],
        };

        Assert.Equal(
            """
            {
              "repository": "/home/ana/café+shop",
              "since": "2026-11-21T22:00:00Z",
              "until": "2026-11-22T10:00:00.5Z",
              "needs": [
                {
                  "kind": "question",
                  "id": "D1",
                  "run": "night",
                  "since": "2026-11-22T08:00:00Z",
                  "what": "A or B? say",
                  "command": "ias answer D1 \"…\"",
                  "host": null,
                  "until": null
                },
                {
                  "kind": "parked",
                  "id": null,
                  "run": "team",
                  "since": "2026-11-22T09:00:00Z",
                  "what": "usage limit",
                  "command": null,
                  "host": "build-2",
                  "until": "2026-11-22T13:00:00Z"
                }
              ],
              "finished": [
                {
                  "kind": "sprint",
                  "run": "sprint-1",
                  "ended": "DONE — passed, draft PR opened",
                  "at": "2026-11-22T06:00:00Z",
                  "pr_url": "https://github.com/acme/shop/pull/7"
                },
                {
                  "kind": "bug",
                  "run": "bug-7",
                  "ended": "ENDED — after a halt",
                  "at": "2026-11-22T07:00:00Z",
                  "pr_url": null
                }
              ],
              "jobs": [
                {
                  "run": "night",
                  "host": null,
                  "done": 3,
                  "failed": 2,
                  "failures": [
                    {
                      "failure": "network",
                      "reason": "timed out",
                      "jobs": [
                        "0002-reviewer",
                        "0003-auditor"
                      ]
                    }
                  ],
                  "pr_urls": [
                    "https://github.com/acme/shop/pull/8"
                  ]
                },
                {
                  "run": "team",
                  "host": "build-2",
                  "done": 0,
                  "failed": 0,
                  "failures": [],
                  "pr_urls": []
                }
              ],
              "agents": [
                {
                  "agent": "claude",
                  "host": null,
                  "calls": 4,
                  "tokens_in": 12000,
                  "tokens_out": 3400,
                  "cost_usd": 1.50,
                  "agent_hours": 1.583
                },
                {
                  "agent": "codex",
                  "host": "build-2",
                  "calls": 1,
                  "tokens_in": 10,
                  "tokens_out": 20,
                  "cost_usd": 0,
                  "agent_hours": 0
                }
              ],
              "runs": [
                {
                  "run": "night",
                  "cost_usd": 2.5,
                  "cap_usd": 10
                },
                {
                  "run": "sprint-1",
                  "cost_usd": 0.125,
                  "cap_usd": null
                }
              ],
              "today": {
                "cost_usd": 3.25,
                "cap_usd": null
              },
              "unread": [
                "the shared queue: connection refused"
              ]
            }

            """,
            ReportJson.Render(report));
    }

    [Fact]
    public void Several_checkouts_are_one_array_of_their_reports()
    {
        var quiet = new MorningReport("/srv/a", Morning.AddHours(-1), Morning) { Today = (0m, 5m) };

        Assert.Equal(
            """
            [
              {
                "repository": "/srv/a",
                "since": "2026-11-22T09:00:00Z",
                "until": "2026-11-22T10:00:00Z",
                "needs": [],
                "finished": [],
                "jobs": [],
                "agents": [],
                "runs": [],
                "today": {
                  "cost_usd": 0,
                  "cap_usd": 5
                },
                "unread": []
              },
              {
                "repository": "/srv/b",
                "since": "2026-11-22T09:00:00Z",
                "until": "2026-11-22T10:00:00Z",
                "needs": [],
                "finished": [],
                "jobs": [],
                "agents": [],
                "runs": [],
                "today": {
                  "cost_usd": 0,
                  "cap_usd": 5
                },
                "unread": []
              }
            ]

            """,
            ReportJson.RenderAll([quiet, quiet with { Root = "/srv/b" }]));
    }
}
