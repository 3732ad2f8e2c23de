namespace Ias.EndToEnd.Tests.Support;

/// <summary>Writes a simulated-agent scenario beside a test repository and returns the environment that selects it.</summary>
public static class Scenario
{
    public static async Task<Dictionary<string, string>> WriteAsync(TestRepo repo, string json)
    {
        var path = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return new Dictionary<string, string> { ["IAS_SIM_SCENARIO"] = path };
    }
}
