using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>The registry of every checkout where ias ran: a small file in the user's state folder that never stops a command.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CheckoutRegistryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CheckoutRegistry Registry() => new(_dir.Combine("state", "ias"));

    /// <summary>A checkout where ias ran: a folder holding `.run`.</summary>
    private string Checkout(string name)
    {
        var root = _dir.Combine("src", name);
        Directory.CreateDirectory(Path.Combine(root, ".run"));
        return root;
    }

    [Fact]
    public void A_checkout_remembered_twice_or_by_another_spelling_is_listed_once()
    {
        var api = Checkout("api");
        var web = Checkout("web");
        var registry = Registry();

        registry.Remember(web);
        registry.Remember(api);
        registry.Remember(api + "/");
        registry.Remember(Path.Combine(api, "..", "api"));

        Assert.Equal([api, web], registry.Checkouts());
        Assert.Equal($"{api}\n{web}\n", File.ReadAllText(registry.ListFile));
    }

    [Fact]
    public void A_checkout_already_listed_is_not_written_again()
    {
        var api = Checkout("api");
        var registry = Registry();
        registry.Remember(api);
        var written = File.GetLastWriteTimeUtc(registry.ListFile);
        File.SetLastWriteTimeUtc(registry.ListFile, written.AddHours(-1));

        registry.Remember(api);

        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(registry.ListFile));
    }

    [Fact]
    public void A_checkout_whose_run_folder_is_gone_is_dropped_from_the_list_and_from_the_file()
    {
        var api = Checkout("api");
        var web = Checkout("web");
        var registry = Registry();
        registry.Remember(api);
        registry.Remember(web);

        Directory.Delete(web, recursive: true);
        Directory.Delete(Path.Combine(api, ".run"));

        Assert.Empty(registry.Checkouts());
        Assert.Equal("", File.ReadAllText(registry.ListFile));
    }

    [Fact]
    public void The_list_is_read_by_a_new_registry_as_another_process_would()
    {
        var api = Checkout("api");
        Registry().Remember(api);

        Assert.Equal([api], Registry().Checkouts());
    }

    [Theory]
    [InlineData("relative/api")]
    [InlineData("/no/such/checkout")]
    [InlineData("/tmp/with\ttab")]
    [InlineData("/tmp/with\u001b[31mescape")]
    public void A_line_that_is_relative_holds_control_characters_or_names_no_folder_is_ignored_and_dropped(string line)
    {
        var api = Checkout("api");
        var registry = Registry();
        Directory.CreateDirectory(registry.Folder);
        File.WriteAllText(registry.ListFile, $"{line}\n{api}\n");

        Assert.Equal([api], registry.Checkouts());
        Assert.Equal($"{api}\n", File.ReadAllText(registry.ListFile));
    }

    [Fact]
    public void A_path_with_a_control_character_is_ignored_even_when_it_is_a_checkout()
    {
        var odd = Checkout("odd\tname");
        var registry = Registry();

        registry.Remember(odd);
        Directory.CreateDirectory(registry.Folder);
        File.WriteAllText(registry.ListFile, odd + "\n");

        Assert.Empty(registry.Checkouts());
    }

    [Fact]
    public void A_relative_path_a_file_or_a_folder_without_runs_is_not_remembered()
    {
        var registry = Registry();
        var file = _dir.Combine("src", "a-file");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "");
        Directory.CreateDirectory(_dir.Combine("src", "no-runs"));

        registry.Remember("src/api");
        registry.Remember(file);
        registry.Remember(_dir.Combine("src", "no-runs"));

        Assert.False(File.Exists(registry.ListFile));
        Assert.Empty(registry.Checkouts());
    }

    [Theory]
    [InlineData("bytes")]
    [InlineData("huge")]
    [InlineData("folder")]
    public void A_corrupt_list_reads_as_empty_and_the_next_remember_writes_it_whole(string corruption)
    {
        var api = Checkout("api");
        var registry = Registry();
        Directory.CreateDirectory(registry.Folder);
        switch (corruption)
        {
            case "bytes":
                File.WriteAllBytes(registry.ListFile, [0, 0xff, 0xfe, (byte)'\n', 0x80, (byte)'/', 0]);
                break;
            case "huge":
                File.WriteAllText(registry.ListFile, string.Concat(Enumerable.Repeat(api + "\n", 2_000_000 / api.Length)));
                break;
            default:
                Directory.CreateDirectory(registry.ListFile);
                break;
        }

        Assert.Empty(registry.Checkouts());
        registry.Remember(api);

        Assert.Equal(corruption == "folder" ? [] : [api], registry.Checkouts());
        if (corruption != "folder")
        {
            Assert.Equal($"{api}\n", File.ReadAllText(registry.ListFile));
        }
    }

    [Fact]
    public void The_folder_and_the_list_are_for_their_owner_alone()
    {
        var registry = Registry();

        registry.Remember(Checkout("api"));

        Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(registry.Folder));
        Assert.Equal(OwnerOnly.PrivateMode, File.GetUnixFileMode(registry.ListFile));
    }

    [Fact]
    public async Task Writers_remembering_at_once_all_end_up_in_the_list()
    {
        var roots = Enumerable.Range(0, 24).Select(i => Checkout($"repo-{i:00}")).ToList();
        using var start = new Barrier(4);

        // Each writer is its own registry, as each ias process is: the lock between them is the file's, not this process's.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var registry = Registry();
            start.SignalAndWait();
            foreach (var root in roots.Where((_, i) => i % 4 == w))
            {
                registry.Remember(root);
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(roots, Registry().Checkouts());
    }

    [Fact]
    public void A_writer_that_does_not_let_go_leaves_the_checkout_unremembered_after_the_limit_without_an_error()
    {
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch);
        var registry = new CheckoutRegistry(_dir.Combine("state", "ias")) { Clock = clock };
        Directory.CreateDirectory(registry.Folder);
        using (OwnerOnly.Open(registry.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            registry.Remember(Checkout("api"));
        }

        Assert.Equal(CheckoutRegistry.LockLimit, clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        Assert.Empty(registry.Checkouts());
    }

    [Theory]
    [InlineData("/home/me/.state", "/home/me", "/home/me/.state/ias")]
    [InlineData("relative/state", "/home/me", "/home/me/.local/state/ias")]
    [InlineData("", "/home/me", "/home/me/.local/state/ias")]
    [InlineData(null, "/home/me", "/home/me/.local/state/ias")]
    public void The_users_folder_is_XDG_STATE_HOME_ias_when_it_is_absolute_else_local_state_ias_in_the_home(string? stateHome, string home, string expected) =>
        Assert.Equal(expected, CheckoutRegistry.UserFolder(stateHome, home));

    [Fact]
    public void A_hundred_checkouts_are_listed_in_order_from_the_file_alone()
    {
        var roots = Enumerable.Range(0, 100).Select(i => Checkout($"r{i:000}")).ToList();
        var registry = Registry();
        Directory.CreateDirectory(registry.Folder);
        File.WriteAllText(registry.ListFile, string.Concat(roots.AsEnumerable().Reverse().Select(r => r + "\n")));

        Assert.Equal(roots, registry.Checkouts());
        Assert.Equal(string.Concat(roots.Select(r => r + "\n")), File.ReadAllText(registry.ListFile));
    }
}
