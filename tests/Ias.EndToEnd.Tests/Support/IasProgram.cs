namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// Which `ias` a test starts: this build's ias.dll through dotnet (the JIT build), or a native binary. IAS_BINARY makes a
/// native ias the one every test starts; IAS_AOT_BINARY names the native ias the AOT tier compares with the JIT build.
/// </summary>
public sealed record IasProgram(IReadOnlyList<string> Command)
{
    /// <summary>This build: ias.dll beside the tests, through the dotnet that runs them.</summary>
    public static IasProgram Jit { get; } =
        new([Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "ias.dll")]);

    /// <summary>The ias tests start unless they name one: IAS_BINARY when set, else this build.</summary>
    public static IasProgram Default { get; } = Native("IAS_BINARY") ?? Jit;

    /// <summary>The native (Native AOT) ias that `.ci/run` publishes, from IAS_AOT_BINARY; null without it.</summary>
    public static IasProgram? Aot { get; } = Native("IAS_AOT_BINARY");

    /// <summary>Why the AOT tier cannot run here, or null when it can.</summary>
    public static string? AotMissing =>
        Environment.GetEnvironmentVariable("IAS_AOT_BINARY") is not { Length: > 0 } path
            ? "IAS_AOT_BINARY is not set: .ci/run publishes the native ias and sets it (or publish with -p:PublishAot=true and point it at the binary)"
            : File.Exists(path) ? null : $"IAS_AOT_BINARY names {path}, which does not exist; publish the native ias there first";

    private static IasProgram? Native(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? new IasProgram([Path.GetFullPath(path)]) : null;
}
