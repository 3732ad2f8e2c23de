namespace Ias.Core.Safety;

/// <summary>A git command line split the way git reads it: options before the subcommand, the subcommand, its arguments.</summary>
public sealed record IceGitArgs(IReadOnlyList<string> GlobalOptions, IReadOnlyList<string> ConfigSettings, string? Command, IReadOnlyList<string> Args)
{
    // git.c handle_options: these take the next word as their value unless written --opt=value (-C and -c only separate).
    private static readonly string[] ValueOptions = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--attr-source"];

    /// <summary>Splits <paramref name="argv"/> (without the leading "git"); <see cref="ConfigSettings"/> holds every `-c` and `--config-env` name=value.</summary>
    public static IceGitArgs Parse(IReadOnlyList<string> argv)
    {
        var globals = new List<string>();
        var settings = new List<string>();
        var i = 0;
        while (i < argv.Count)
        {
            var a = argv[i];
            if (!a.StartsWith('-'))
            {
                break;
            }

            if (a is "--help" or "-h")
            {
                return new IceGitArgs(globals, settings, "help", argv.Skip(i + 1).ToList());
            }

            if (a is "--version" or "-v")
            {
                return new IceGitArgs(globals, settings, "version", argv.Skip(i + 1).ToList());
            }

            globals.Add(a);
            if (ValueOptions.Contains(a) && i + 1 < argv.Count)
            {
                globals.Add(argv[i + 1]);
                if (a is "-c" or "--config-env")
                {
                    settings.Add(argv[i + 1]);
                }

                i += 2;
                continue;
            }

            if (a.StartsWith("--config-env=", StringComparison.Ordinal))
            {
                settings.Add(a["--config-env=".Length..]);
            }

            i++;
        }

        return i < argv.Count
            ? new IceGitArgs(globals, settings, argv[i], argv.Skip(i + 1).ToList())
            : new IceGitArgs(globals, settings, null, []);
    }

    /// <summary>The command an alias runs: its expansion (which may start with options of its own) followed by <see cref="Args"/>.</summary>
    public IceGitArgs Expand(IReadOnlyList<string> expansion)
    {
        var inner = Parse([.. expansion, .. Args]);
        return new IceGitArgs([.. GlobalOptions, .. inner.GlobalOptions], [.. ConfigSettings, .. inner.ConfigSettings], inner.Command, inner.Args);
    }
}
