using Ias.Core.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Support;

/// <summary>A demo-shaped repository (Run Mode on, simulated agent, two sprints) with its config editable per test.</summary>
public sealed class TestRepo : IDisposable
{
    private readonly TempDir _dir = new();

    public TestRepo()
    {
        Path = _dir.Combine("repo");
        DemoCommand.Create(Path);
    }

    public string Path { get; }

    public string ConfigPath => File(".loa.config.yaml");

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Replaces the config and commits it, so the work tree stays clean.</summary>
    public async Task SetConfigAsync(string yaml)
    {
        await System.IO.File.WriteAllTextAsync(ConfigPath, yaml);
        await Commands.DemoTests.Git(Path, "commit", "-qam", "config");
    }

    public Task<(int Code, string Out, string Err)> IasAsync(params string[] args) =>
        IasProcess.RunAsync(Path, null, args);

    public Task<(int Code, string Out, string Err)> IasAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        IasProcess.RunAsync(Path, env, args);

    public void Dispose() => _dir.Dispose();
}
