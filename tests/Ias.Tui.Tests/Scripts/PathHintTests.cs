using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Ias.Core.Tests.Support;

namespace Ias.Tui.Tests.Scripts;

/// <summary>
/// What scripts/install.sh says when the folder it linked ias into is not on PATH: the exact line and the file of the
/// user's shell to put it in, which, once there, puts ias on that shell's PATH.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class PathHintTests : IDisposable
{
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Install_ends_with_the_hint_for_the_folder_it_linked_ias_into()
    {
        var install = await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, "scripts", "install.sh"));

        Assert.Contains("ln -sf \"$dest/ias\" \"$prefix/bin/ias\"", install, StringComparison.Ordinal);
        Assert.EndsWith("scripts/path-hint.sh \"$prefix/bin\"\n", install, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_bash_the_line_goes_in_bashrc_and_a_new_interactive_bash_then_finds_ias()
    {
        var bin = InstalledIas();

        var (file, line) = await HintAsync("/bin/bash", bin);

        Assert.Equal("~/.bashrc", file);
        Assert.Equal("export PATH=\"$HOME/.local/bin:$PATH\"", line);
        await File.AppendAllTextAsync(Path.Combine(_home.Path, ".bashrc"), line + "\n");
        Assert.Equal("ias found", await ShellAsync("bash", "-i", "-c", "ias"));
    }

    [Fact]
    public async Task For_sh_the_line_goes_in_profile_and_a_login_shell_then_finds_ias()
    {
        var bin = InstalledIas();

        var (file, line) = await HintAsync("/bin/sh", bin);

        Assert.Equal("~/.profile", file);
        await File.AppendAllTextAsync(Path.Combine(_home.Path, ".profile"), line + "\n");
        Assert.Equal("ias found", await ShellAsync("sh", "-l", "-c", "ias"));
    }

    [Theory]
    [InlineData("/usr/bin/zsh", "~/.zshrc", "export PATH=\"$HOME/.local/bin:$PATH\"")]
    [InlineData("/usr/local/bin/fish", "~/.config/fish/config.fish", "fish_add_path \"$HOME/.local/bin\"")]
    [InlineData("/bin/dash", "~/.profile", "export PATH=\"$HOME/.local/bin:$PATH\"")]
    [InlineData("", "~/.profile", "export PATH=\"$HOME/.local/bin:$PATH\"")]
    public async Task Each_shell_is_told_its_own_file_and_line(string shell, string file, string line)
    {
        Assert.Equal((file, line), await HintAsync(shell, InstalledIas()));
    }

    [Fact]
    public async Task A_folder_outside_the_home_is_written_out_whole_and_quoted_so_the_shell_reads_it_back()
    {
        var bin = Path.Combine(_home.Path, "..", Path.GetFileName(_home.Path) + "-opt", "my \"odd\" $dir", "bin");
        Directory.CreateDirectory(bin);
        try
        {
            WriteIas(bin);
            var (_, line) = await HintAsync("/bin/bash", Path.GetFullPath(bin));

            Assert.DoesNotContain("$HOME", line, StringComparison.Ordinal);
            await File.AppendAllTextAsync(Path.Combine(_home.Path, ".bashrc"), line + "\n");
            Assert.Equal("ias found", await ShellAsync("bash", "-i", "-c", "ias"));
        }
        finally
        {
            Directory.Delete(Path.GetFullPath(Path.Combine(bin, "..", "..")), recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_already_on_PATH_gets_no_hint()
    {
        var bin = InstalledIas();

        var (code, output, _) = await RunAsync(Path.Combine(SourceTree.Root, "scripts", "path-hint.sh"), [bin], "/bin/bash", $"/usr/bin:{bin}:/bin");

        Assert.Equal((0, ""), (code, output));
    }

    /// <summary>An `ias` in ~/.local/bin of the test's home, as install.sh links it; it says it was found.</summary>
    private string InstalledIas()
    {
        var bin = Path.Combine(_home.Path, ".local", "bin");
        Directory.CreateDirectory(bin);
        WriteIas(bin);
        return bin;
    }

    private static void WriteIas(string bin)
    {
        var ias = Path.Combine(bin, "ias");
        File.WriteAllText(ias, "#!/bin/sh\necho ias found\n");
        File.SetUnixFileMode(ias, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The file and the line the hint names, for a user whose shell is <paramref name="shell"/> and whose PATH lacks <paramref name="bin"/>.</summary>
    private async Task<(string File, string Line)> HintAsync(string shell, string bin)
    {
        var (code, output, error) = await RunAsync(Path.Combine(SourceTree.Root, "scripts", "path-hint.sh"), [bin], shell, "/usr/bin:/bin");
        Assert.True(code == 0, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var file = FileNamed().Match(lines[0]);
        Assert.True(file.Success, output);
        Assert.StartsWith($"{bin} is not on your PATH", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  ", lines[1], StringComparison.Ordinal);
        return (file.Groups[1].Value, lines[1].Trim());
    }

    /// <summary>A new shell of the test's user, started as a terminal would start it, with the system's PATH alone.</summary>
    private async Task<string> ShellAsync(params string[] command)
    {
        var (code, output, error) = await RunAsync(command[0], command[1..], command[0], "/usr/bin:/bin");
        Assert.True(code == 0, $"{string.Join(' ', command)}: exit {code}\n{output}{error}");
        return output.Trim();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string program, string[] args, string shell, string path)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        psi.Environment["HOME"] = _home.Path;
        psi.Environment["PATH"] = path;
        psi.Environment["SHELL"] = shell;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await output, await error);
    }


    [GeneratedRegex(@"add this line to (\S+) \(your shell is ")]
    private static partial Regex FileNamed();
}
