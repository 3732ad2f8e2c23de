using Ias.Core.Cycles.Publishing;
using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>Which changed files are the work's checks (the test command's files, CI, hooks), and how the PR lists them.</summary>
public sealed class CheckChangesTests
{
    [Theory]
    [InlineData("sh ./scripts/test.sh --fast", "scripts/test.sh")]
    [InlineData("cd . && node 'tools/run tests.js' | tee out.log", "tools/run tests.js")]
    [InlineData("bash -c \"make -C sub check\"", "sub/Makefile")]
    [InlineData("FORCE_COLOR=0 ./run-tests.sh", "run-tests.sh")]
    [InlineData("sh -c 'cd . ; bash scripts/ci.sh -v'", "scripts/ci.sh")]
    [InlineData("timeout 60 python3 -u tools/check.py", "tools/check.py")]
    [InlineData("pytest tests", "tests/conftest.py")]
    [InlineData("pytest", "pyproject.toml")]
    [InlineData("dotnet test", "src/App/App.csproj")]
    [InlineData("dotnet test", "Directory.Build.props")]
    [InlineData("npm test", "web/package.json")]
    [InlineData("cargo test", "Cargo.toml")]
    [InlineData("cargo test", "build.rs")]
    [InlineData(null, "tox.ini")]
    [InlineData(null, "jest.config.ts")]
    public void Files_the_command_names_and_manifests_that_define_it_are_the_test_command_s_files(string? command, string path)
    {
        var checks = CheckChanges.Of([path, "src/feature.c"], command);

        Assert.Equal([path], checks.TestFiles);
        Assert.Empty(checks.Ci);
        Assert.Empty(checks.Hooks);
    }

    [Theory]
    [InlineData(".github/workflows/x.yml")]
    [InlineData(".github/actions/setup/action.yml")]
    [InlineData(".gitlab-ci.yml")]
    [InlineData(".circleci/config.yml")]
    [InlineData("azure-pipelines.yml")]
    [InlineData("Jenkinsfile")]
    [InlineData("ci/Jenkinsfile")]
    [InlineData(".travis.yml")]
    [InlineData("bitbucket-pipelines.yml")]
    [InlineData(".buildkite/pipeline.yml")]
    [InlineData(".drone.yml")]
    public void CI_configuration_is_listed_as_such(string path) =>
        Assert.Equal([path], CheckChanges.Of([path, "README.md"], null).Ci);

    [Theory]
    [InlineData(".husky/pre-commit")]
    [InlineData("web/.husky/pre-push")]
    [InlineData(".githooks/post-commit")]
    [InlineData(".pre-commit-config.yaml")]
    [InlineData("lefthook.yml")]
    public void Hook_folders_and_hook_manager_configs_are_listed_as_hooks(string path) =>
        Assert.Equal([path], CheckChanges.Of([path, "README.md"], null).Hooks);

    [Fact]
    public void The_work_itself_is_no_check_even_under_a_folder_the_command_names_or_in_a_file_named_like_a_ci_file_elsewhere()
    {
        var checks = CheckChanges.Of(["tests/test_greeting.py", "src/app.py", "docs/.travis.yml", "README.md", "out/feature.txt"], "pytest tests && test -f out/feature.txt");

        Assert.False(checks.Any);
        Assert.Equal("", checks.PullRequestSection());
        Assert.Null(checks.TestWarning());
    }

    [Fact]
    public void The_section_names_every_group_and_the_plan_edits_and_the_warning_names_the_files()
    {
        var checks = CheckChanges.Of(["scripts/test.sh", ".github/workflows/ci.yml", ".husky/pre-commit", "src/a.c"], "sh scripts/test.sh");

        var section = checks.PullRequestSection(["sprint 2's section edited (3 line(s) → 4 line(s))"]);

        Assert.StartsWith(CheckChanges.Heading + "\n\n", section);
        Assert.Contains("**The test command's files (what it runs, and the manifests that define it)**:\n\n- `scripts/test.sh`\n", section);
        Assert.Contains("**CI configuration**:\n\n- `.github/workflows/ci.yml`\n", section);
        Assert.Contains("**Git hooks and hook managers**:\n\n- `.husky/pre-commit`\n", section);
        Assert.Contains("**The agent edited the sprint plan**", section);
        Assert.Contains("- sprint 2's section edited (3 line(s) → 4 line(s))\n", section);
        Assert.DoesNotContain("src/a.c", section);
        Assert.Equal("the agent changed the test command's files (scripts/test.sh)", checks.TestWarning());
    }

    [Fact]
    public async Task A_renamed_test_script_counts_by_its_old_name_between_two_real_commits()
    {
        using var dir = new TempDir();
        var git = new GitCli(dir.Path);
        git.Run("init", "-q", "-b", "main");
        Directory.CreateDirectory(dir.Combine("scripts"));
        await File.WriteAllTextAsync(dir.Combine("scripts", "test.sh"), "#!/bin/sh\nexit 1\n");
        git.Run("add", "-A");
        git.Run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "tests");
        var before = git.HeadSha()!;
        File.Move(dir.Combine("scripts", "test.sh"), dir.Combine("scripts", "old.sh"));
        git.Run("add", "-A");
        git.Run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "rename");

        var checks = CheckChanges.Between(git, before, git.HeadSha()!, "sh scripts/test.sh");

        Assert.Equal(["scripts/test.sh"], checks.TestFiles);
        Assert.Equal(["scripts/test.sh"], CheckChanges.OfLast(git, 1, "HEAD", "sh scripts/test.sh").TestFiles);
        Assert.False(CheckChanges.OfLast(git, 2, "HEAD", "sh scripts/test.sh").Any); // from the empty tree, only scripts/old.sh was added
        Assert.False(CheckChanges.OfLast(git, 0, "HEAD", "sh scripts/test.sh").Any);
    }
}
