using System.Runtime.CompilerServices;
using Ias.EndToEnd.Tests.Git;

namespace Ias.EndToEnd.Tests.Aot;

/// <summary>
/// The native build's instruction set, as MSBuild evaluates ias's project for a publish: on x64 it is x86-64-v2, whose
/// SSSE3 keeps the vector shuffle in the secret search over an agent's output one instruction (without it the pipe
/// drained at an eighth of the speed, docs/benchmarks.md); other architectures keep their default.
/// </summary>
public sealed class NativeBuildTests
{
    [Theory]
    [InlineData("linux-x64", "x86-64-v2")]
    [InlineData("osx-x64", "x86-64-v2")]
    [InlineData("linux-arm64", "")]
    public async Task The_native_publish_targets_x86_64_v2_on_x64_and_the_default_elsewhere(string rid, string expected)
    {
        var project = Project();
        var (code, output, error) = await Shell.RunAsync(Path.GetDirectoryName(project)!, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["msbuild", project, "-getProperty:IlcInstructionSet", "-p:PublishAot=true", $"-p:RuntimeIdentifier={rid}"]);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal(expected, output.Trim());
    }

    private static string Project([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src", "Ias.Tui", "Ias.Tui.csproj"));
}
