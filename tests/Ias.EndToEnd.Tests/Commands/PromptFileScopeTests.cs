using System.Runtime.Versioning;
using System.Text;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>`ias enqueue --prompt-file` reads a file inside the repository; one outside it, however reached, is refused unless the user says --allow-outside.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PromptFileScopeTests
{
    private const string Marker = "outside-secret-7f3a9c";

    [Fact]
    public async Task Enqueue_refuses_etc_shadow_with_one_line_and_exit_code_2()
    {
        using var repo = await QueueRepo.CreateAsync();

        var r = await repo.IasAsync("enqueue", "--run", repo.Run, "--role", "implementer", "--prompt-file", "/etc/shadow");

        AssertRefused(r, "prompt file /etc/shadow is outside the repository");
        Assert.Empty(await repo.JobsAsync());
        if (TryRead("/etc/shadow") is { } shadow)
        {
            await AssertNowhereAsync(repo, shadow.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Length >= 8));
        }
    }

    [Theory]
    [InlineData("the file itself")]
    [InlineData("a link in the repository")]
    [InlineData("a linked folder in the repository")]
    [InlineData("dot-dot after a linked folder")]
    public async Task A_private_file_outside_the_repository_is_refused_however_it_is_named_and_nothing_of_it_is_copied(string how)
    {
        using var repo = await QueueRepo.CreateAsync();
        var secret = repo.Outside("private/notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        await File.WriteAllTextAsync(secret, $"{Marker}\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var path = how switch
        {
            "the file itself" => secret,
            "a link in the repository" => Link(repo.Path, "notes-link.txt", secret),
            "a linked folder in the repository" => Path.Combine(Link(repo.Path, "private-link", Path.GetDirectoryName(secret)!), "notes.txt"),
            _ => Path.Combine(Link(repo.Path, "deep-link", Directory.CreateDirectory(repo.Outside("private/deeper")).FullName), "..", "notes.txt"),
        };

        var r = await repo.IasAsync("enqueue", "--run", repo.Run, "--role", "implementer", "--prompt-file", path);

        AssertRefused(r, "is outside the repository");
        Assert.Contains("--allow-outside", r.Err, StringComparison.Ordinal);
        Assert.Empty(await repo.JobsAsync());
        await AssertNowhereAsync(repo, [Marker]);
    }

    [Fact]
    public async Task A_prompt_file_inside_the_repository_is_read_and_one_outside_is_read_with_allow_outside()
    {
        using var repo = await QueueRepo.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "task.md"), "Write the notes from the file.\n");
        var outside = repo.Outside("shared-task.md");
        await File.WriteAllTextAsync(outside, "A shared template, on purpose.\n");

        await repo.OkAsync("enqueue", "--run", repo.Run, "--role", "implementer", "--prompt-file", "task.md");
        await repo.OkAsync("enqueue", "--run", repo.Run, "--role", "reviewer", "--prompt-file", outside, "--allow-outside");

        var prompts = (await repo.JobsAsync()).Values.Select(j => (string?)j["prompt"]).ToList();
        Assert.Contains("Write the notes from the file.\n", prompts);
        Assert.Contains("A shared template, on purpose.\n", prompts);
    }

    [Fact]
    public async Task Enqueue_help_names_the_allow_outside_flag()
    {
        using var repo = await QueueRepo.CreateAsync();

        var help = await repo.OkAsync("enqueue", "--help");

        Assert.Contains("--allow-outside", help, StringComparison.Ordinal);
        Assert.Contains("outside the repository", help, StringComparison.Ordinal);
    }

    private static void AssertRefused((int Code, string Out, string Err) r, string message)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ias: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    /// <summary>No file under .run/ or the runner folder holds any of <paramref name="texts"/>.</summary>
    private static async Task AssertNowhereAsync(QueueRepo repo, IEnumerable<string> texts)
    {
        var all = texts.ToList();
        foreach (var root in new[] { Path.Combine(repo.Path, ".run"), repo.RunnerDir }.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var content = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
                Assert.All(all, t => Assert.False(content.Contains(t, StringComparison.Ordinal), $"{file} holds text of the refused file"));
            }
        }
    }

    private static string Link(string dir, string name, string target)
    {
        var link = Path.Combine(dir, name);
        File.CreateSymbolicLink(link, target);
        return link;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
