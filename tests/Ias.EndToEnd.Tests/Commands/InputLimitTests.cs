using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// Inputs measured to cost a gigabyte of memory or a minute of time (a 67 MB prompt, 200 KB of nested `[`, 20,000 nested
/// maps) are refused at once: one line on stderr naming the file, exit code 2, and nothing written under `.run/`.
/// </summary>
public sealed class InputLimitTests
{
    [Fact]
    public async Task A_67_MB_prompt_file_is_refused_by_enqueue_before_it_is_read()
    {
        using var repo = new TestRepo();
        await using (var prompt = File.Create(repo.File("big-prompt.md")))
        {
            prompt.SetLength(67L * 1024 * 1024);
        }

        var r = await repo.IasAsync("enqueue", "--run", "night", "--role", "implementer", "--prompt-file", "big-prompt.md");

        AssertOneLineError(r, "prompt file big-prompt.md is 67 MB, over the 1 MB limit; keep the prompt to instructions and put the material in a file of the repository");
        Assert.False(Directory.Exists(repo.File(".run")), "nothing is written under .run/");
    }

    [Fact]
    public async Task A_config_of_200_KB_of_nested_brackets_is_refused_where_it_passes_the_nesting_limit()
    {
        using var repo = new TestRepo();
        await File.WriteAllTextAsync(repo.ConfigPath, "ias: " + new string('[', 200 * 1024));

        var r = await repo.IasAsync("run", "sprint-1");

        AssertOneLineError(r, "config .loa.config.yaml:1:69: YAML nests more than 64 levels deep here; ias's settings nest a few levels at most, so flatten this part of the file");
        Assert.False(Directory.Exists(repo.File(".run")), "nothing is written under .run/");
    }

    [Fact]
    public async Task A_config_of_20000_nested_maps_under_ias_is_refused_where_it_passes_the_nesting_limit()
    {
        using var repo = new TestRepo();
        await File.WriteAllTextAsync(repo.ConfigPath, "ias: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000) + "\n");

        var r = await repo.IasAsync("run", "sprint-1");

        AssertOneLineError(r, "config .loa.config.yaml:1:258: YAML nests more than 64 levels deep here");
        Assert.False(Directory.Exists(repo.File(".run")), "nothing is written under .run/");
    }

    [Fact]
    public async Task A_sprint_plan_over_its_size_limit_is_refused_by_a_sprint_run_and_by_the_plan_run()
    {
        using var repo = new TestRepo();
        var plan = repo.File("grimoires", "loa", "sprint.md");
        await using (var file = new FileStream(plan, FileMode.Truncate))
        {
            file.SetLength(2L * 1024 * 1024);
        }

        var sprint = await repo.IasAsync("run", "sprint-1");
        var whole = await repo.IasAsync("run", "sprint-plan", "--headless");

        // Named as the configuration names it (ias.sprint_plan), relative to the repository, like the guardrails' lines.
        AssertOneLineError(sprint, "sprint plan grimoires/loa/sprint.md is 2 MB, over the 1 MB limit; split it into shorter plans");
        AssertOneLineError(whole, "sprint plan grimoires/loa/sprint.md is 2 MB, over the 1 MB limit");
        Assert.False(File.Exists(repo.File(".run", "state.json")), "no run starts");
        Assert.False(File.Exists(repo.File(".run", "sprint-plan-state.json")), "no plan starts");
    }

    private static void AssertOneLineError((int Code, string Out, string Err) r, string expected)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Err}");
        Assert.StartsWith("ias: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }
}
