using System.Diagnostics;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox;

/// <summary>The box, built by real bubblewrap around a shell: what a writing and a reading role can and cannot touch.</summary>
public sealed partial class AgentBoxTests : IDisposable
{
    private readonly GitRepo _repo = new();
    private readonly TempDir _home = new();
    private readonly TempDir _scratch = new();

    public AgentBoxTests()
    {
        Directory.CreateDirectory(Path.Combine(_home.Path, ".ssh"));
        File.WriteAllText(Path.Combine(_home.Path, ".ssh", "id_ed25519"), "secret key");
        File.WriteAllText(Path.Combine(_home.Path, ".gitconfig"), "[user]\n\tname = box\n");
        Directory.CreateDirectory(Path.Combine(_repo.Path, ".run"));
        File.WriteAllText(Path.Combine(_repo.Path, ".run", "ias.db"), "state");
        File.WriteAllText(Path.Combine(_repo.Path, ".loa.config.yaml"), "run_mode: {}\n");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _home.Dispose();
        _scratch.Dispose();
    }

    [BoxFact]
    public void A_writing_role_writes_the_work_tree_and_nothing_of_git_or_ias()
    {
        var r = Run(writes: true, """
            echo work > work.txt && echo tree-ok
            echo x > .git/refs/heads/main || echo git-refused
            echo x > .git/hooks/pre-push || echo hook-refused
            rm -f .run/ias.db || echo run-refused
            echo x >> .loa.config.yaml || echo config-refused
            echo x >> "$HOME/.gitconfig" || echo gitconfig-refused
            echo x > "$HOME/agent-state" && echo home-ok
            """);

        Assert.Equal(["tree-ok", "git-refused", "hook-refused", "run-refused", "config-refused", "gitconfig-refused", "home-ok"], r.Lines);
        Assert.Equal("work\n", File.ReadAllText(Path.Combine(_repo.Path, "work.txt")));
        Assert.Equal("state", File.ReadAllText(Path.Combine(_repo.Path, ".run", "ias.db")));
    }

    [BoxFact]
    public void A_reading_role_cannot_write_the_work_tree_whatever_it_runs()
    {
        var r = Run(writes: false, "echo pwned > README.md || echo tree-refused");

        Assert.Equal(["tree-refused"], r.Lines);
        Assert.Equal("# test\n", File.ReadAllText(Path.Combine(_repo.Path, "README.md")));
    }

    [BoxFact]
    public void Push_credentials_are_absent_and_the_agents_keys_stay()
    {
        var r = Run(writes: true, """
            ls "$HOME/.ssh" | wc -l
            echo "${GH_TOKEN:-no-gh-token} ${SSH_AUTH_SOCK:-no-agent} ${ANTHROPIC_API_KEY:-no-key}"
            """, new() { ["GH_TOKEN"] = "ghp_secret", ["SSH_AUTH_SOCK"] = "/tmp/agent.sock", ["ANTHROPIC_API_KEY"] = "sk-ant-kept" });

        Assert.Equal(["0", "no-gh-token no-agent sk-ant-kept"], r.Lines);
    }

    [BoxFact]
    public void A_credential_named_in_allow_is_let_in()
    {
        var r = Run(writes: true, "echo \"${GH_TOKEN:-none}\"; cat \"$HOME/.ssh/id_ed25519\"", new() { ["GH_TOKEN"] = "ghp_allowed" }, allow: ["GH_TOKEN", "~/.ssh"]);

        Assert.Equal(["ghp_allowed", "secret key"], r.Lines);
    }

    [BoxFact]
    public async Task Nothing_the_agent_starts_outlives_the_box_not_even_a_new_session()
    {
        // The daemon leaves the agent's session and group, and its parent exits: only the box's PID namespace still holds it.
        var r = Run(writes: true, "setsid sleep 6017 </dev/null >/dev/null 2>&1 & echo started");

        // The kernel kills the namespace's processes as its first process exits, which may finish just after the box
        // returns: each is waited for (a sleep of 6017 s that outlived the box would time out here).
        Assert.Equal(["started"], r.Lines);
        foreach (var pid in Processes("sleep 6017").Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)))
        {
            try
            {
                using var left = Process.GetProcessById(pid);
                await left.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (ArgumentException)
            {
                // It was gone before it could be opened.
            }
        }

        Assert.Empty(Processes("sleep 6017"));
    }

    [BoxFact]
    public void The_home_is_the_agents_own_with_only_what_its_cli_needs_of_the_users()
    {
        Directory.CreateDirectory(Path.Combine(_home.Path, ".claude"));
        File.WriteAllText(Path.Combine(_home.Path, ".bashrc"), "# mine\n");
        var turn = new BoxTurn([Path.Combine(_home.Path, ".claude")], []) { HomeName = "implementer" };
        var r = Run(writes: true, """
            cat "$HOME/.bashrc" 2>/dev/null || echo no-bashrc
            echo evil >> "$HOME/.bashrc"; echo state > "$HOME/.claude/state" && echo claude-ok
            cat "$HOME/.gitconfig"
            """, turn: turn);

        Assert.Equal(["no-bashrc", "claude-ok", "[user]", "\tname = box"], r.Lines);
        Assert.Equal("# mine\n", File.ReadAllText(Path.Combine(_home.Path, ".bashrc")));
        Assert.False(File.Exists(Path.Combine(_home.Path, ".claude", "state")), "the agent wrote the user's own ~/.claude");
        Assert.Equal("state\n", File.ReadAllText(Path.Combine(BoxHomes.CopyOf(Homes, "implementer", Path.Combine(_home.Path, ".claude")), "state")));
        Assert.Equal("evil\n", File.ReadAllText(Path.Combine(Homes, "implementer", ".bashrc")));
    }

    [BoxFact]
    public void The_agents_program_under_tmp_runs_read_only()
    {
        using var dir = new TempDir();
        var program = Path.Combine(dir.Path, "agent.sh");
        File.WriteAllText(program, "#!/bin/sh\necho ran\necho x >> \"$0\" || echo program-read-only\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var layout = WithHome(BoxLayout.For(_repo.Git, []));
        using var command = new AgentBox(layout).Wrap(program, [], writes: true, _scratch.Path, turn: new BoxTurn([], BoxPrograms.Find(program, [], "/usr/bin:/bin").Paths));

        var r = Start(command, null);

        Assert.Equal(["ran", "program-read-only"], r.Lines);
    }

    [BoxFact]
    public void A_tmpdir_outside_tmp_is_a_private_writable_folder()
    {
        var outside = Directory.CreateDirectory(Path.Combine("/var/tmp", "ias-test-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "dotnet-diagnostic-1-2-socket"), "");
            var layout = WithHome(BoxLayout.For(_repo.Git, [])) with { TmpDir = outside };
            using var command = new AgentBox(layout).Wrap("/bin/sh", ["-c", $"ls {outside} | wc -l; echo x > {outside}/mine && echo tmp-ok"], writes: false, _scratch.Path);

            var r = Start(command, null);

            Assert.Equal(["0", "tmp-ok"], r.Lines);
            Assert.False(File.Exists(Path.Combine(outside, "mine")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [BoxFact]
    public void The_boxs_tmp_has_the_size_it_is_given()
    {
        var layout = WithHome(BoxLayout.For(_repo.Git, [])) with { TmpBytes = 4L * 1024 * 1024 };

        using var command = new AgentBox(layout).Wrap("/bin/sh", ["-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=16 2>/dev/null; echo $(( $(stat -c %s /tmp/fill) / 1048576 ))"], writes: false, _scratch.Path);
        var r = Start(command, null);

        Assert.Equal(["4"], r.Lines);
    }

    [BoxFact]
    public void A_link_the_agent_left_in_its_home_never_moves_a_later_mount()
    {
        var own = BoxHomes.HomeOf(Homes, BoxHomes.Other);
        Directory.CreateDirectory(own);
        File.CreateSymbolicLink(Path.Combine(own, ".gitconfig"), Path.Combine(_repo.Path, "README.md"));

        var r = Run(writes: true, "cat \"$HOME/.gitconfig\"");

        Assert.Equal(["[user]", "\tname = box"], r.Lines);
        Assert.Equal("# test\n", File.ReadAllText(Path.Combine(_repo.Path, "README.md")));
    }

    [BoxFact]
    public void Working_in_a_workspace_the_agent_cannot_write_the_checkout_even_where_a_shared_folder_holds_it()
    {
        using var workspace = new TempDir();
        var layout = WithHome(BoxLayout.For(_repo.Git, [])) with { Shared = [Path.GetDirectoryName(_repo.Path)!] };
        var script = $"echo work > work.txt && echo workspace-ok; echo pwned > '{Path.Combine(_repo.Path, "README.md")}' || echo checkout-refused";

        using var command = new AgentBox(layout).Wrap("/bin/sh", ["-c", script], writes: true, _scratch.Path, workspace.Path);
        var r = Start(command, null);

        Assert.Equal(["workspace-ok", "checkout-refused"], r.Lines);
        Assert.Equal("work\n", File.ReadAllText(workspace.Combine("work.txt")));
        Assert.Equal("# test\n", File.ReadAllText(Path.Combine(_repo.Path, "README.md")));
    }

    /// <summary>The folder of the agents' homes in the test's repository: `.run/home/`.</summary>
    private string Homes => Path.Combine(_repo.Path, ".run", BoxLayout.PrivateHomeFolder);

    private (List<string> Lines, int Code) Run(bool writes, string script, Dictionary<string, string>? env = null, string[]? allow = null, BoxTurn? turn = null)
    {
        var layout = WithHome(BoxLayout.For(_repo.Git, allow ?? []));
        using var command = new AgentBox(layout).Wrap("/bin/sh", ["-c", script], writes, _scratch.Path, turn: turn);
        return Start(command, env);
    }

    /// <summary>The box's command run with HOME at the test's home, and <paramref name="env"/>.</summary>
    private (List<string> Lines, int Code) Start(BoxCommand command, Dictionary<string, string>? env)
    {
        var all = new Dictionary<string, string> { ["HOME"] = _home.Path };
        foreach (var (k, v) in env ?? [])
        {
            all[k] = v;
        }

        return BoxProcess.Run(command, all);
    }

    /// <summary>The layout as ias would build it with HOME pointing at the test's home.</summary>
    private BoxLayout WithHome(BoxLayout layout)
    {
        var home = _home.Path;
        var realHome = layout.Home;
        string Swap(string p) => realHome is not null && p.StartsWith(realHome + "/", StringComparison.Ordinal) ? home + p[realHome.Length..] : p;
        return layout with
        {
            Home = home,
            ReadOnly = [.. layout.ReadOnly.Select(Swap)],
            Hidden = [.. layout.Hidden.Select(Swap)],
            AllowedPaths = [.. layout.AllowedPaths.Select(Swap)],
        };
    }

    private static List<string> Processes(string command) =>
        [.. Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ').Trim() == command;
            }
            catch (IOException)
            {
                return false;
            }
        })];
}
