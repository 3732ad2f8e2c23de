using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class TeamQueueTests
{
    [PostgresFact]
    public async Task The_morning_report_of_one_machine_has_the_teams_jobs_questions_and_calls_each_under_its_host()
    {
        using var team = await TeamAsync(machines: 2, queueYaml: "");
        await team.ScenarioAsync("""{"ask": [{"role": "auditor", "question": "Which cache, Redis or memory?"}]}""");
        await team.EnqueueAsync("reviewer", "Review the greeting.");
        await team.EnqueueAsync("reviewer", "Review the farewell.");
        await team.EnqueueAsync("auditor", "Audit the session code.");
        await team.OkAsync(0, "run-once", "--run", team.Run);
        await team.OkAsync(1, "run-once", "--run", team.Run);
        // The auditor's job asks a person: run-once ends with it blocked (exit 1).
        Assert.Equal(1, (await team.IasAsync(1, "run-once", "--run", team.Run)).Code);

        // Machine 1 has its own ias.db (its runner's calls and breaker) beside the team's rows: both are read.
        var text = await team.OkAsync(1, "report", "--since", "1h");
        var json = JsonNode.Parse(await team.OkAsync(1, "report", "--since", "1h", "--json"))!.AsObject();

        var host = Dns.GetHostName();
        Assert.Matches($@"\n  question Q1 of night on {host}, waiting \d+m: Which cache, Redis or memory\?\n      ias answer Q1 ""…""\n", text);
        Assert.Contains($"\n  queue  night on {host}: 2 job(s) done, 0 failed\n", text);
        Assert.True(Regex.IsMatch(text, $@"\n  sim on {host}: 3 call\(s\), "), text);
        Assert.Equal(host, json["needs"]![0]!["host"]!.GetValue<string>());
        Assert.Equal(2, json["jobs"]![0]!["done"]!.GetValue<int>());
        Assert.Empty(json["unread"]!.AsArray());
    }
}
