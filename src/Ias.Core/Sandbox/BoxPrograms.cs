namespace Ias.Core.Sandbox;

/// <summary>
/// Where an agent's program really lives, found outside the box before the turn, so the box can show it read-only wherever it
/// is (its home and /tmp are private in there): the file, its real path through symlinks, the `node_modules` folder of an
/// npm install, the interpreter a `#!` line names, and for .NET (ias itself) the folder it runs from.
/// </summary>
public static class BoxPrograms
{
    private const int MaxDepth = 3;

    /// <summary>The paths <paramref name="program"/> (with <paramref name="args"/>) needs, found on <paramref name="searchPath"/>; a problem line when one cannot be found.</summary>
    public static (IReadOnlyList<string> Paths, string? Problem) Find(string program, IReadOnlyList<string> args, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(args);
        var paths = new List<string>();
        var problem = Add(program, searchPath, paths, 0);

        // `dotnet ias.dll`: the dll's folder holds the rest of the program.
        foreach (var arg in args.Take(1).Where(a => a.EndsWith(".dll", StringComparison.Ordinal) && File.Exists(a)))
        {
            paths.Add(Path.GetDirectoryName(Path.GetFullPath(arg))!);
        }

        return ([.. paths.Distinct(StringComparer.Ordinal)], problem);
    }

    /// <summary>The absolute path of <paramref name="program"/>, found the way a shell would; null when it is not there.</summary>
    public static string? Locate(string program, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(searchPath);
        if (program.Contains('/'))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Path.IsPathRooted)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    private static string? Add(string program, string searchPath, List<string> paths, int depth)
    {
        if (Locate(program, searchPath) is not { } file)
        {
            return $"agent program {program} was not found on PATH: install it or give its full path";
        }

        paths.Add(file);
        var real = RealPath(file);
        paths.Add(real);

        // An npm package reaches into its own node_modules (codex's native binary is a package beside it).
        var modules = TopNodeModules(real);
        if (modules is not null)
        {
            paths.Add(modules);
        }

        // The .NET host, a native ias or a self-contained program: the folder it runs from holds its runtime and libraries.
        var name = Path.GetFileName(real);
        if (name == "dotnet" || File.Exists(Path.Combine(Path.GetDirectoryName(real)!, name + ".dll")) || File.Exists(Path.Combine(Path.GetDirectoryName(real)!, "libe_sqlite3.so")))
        {
            paths.Add(Path.GetDirectoryName(real)!);
        }

        if (depth >= MaxDepth || Interpreter(real) is not { } interpreter)
        {
            return null;
        }

        return Add(interpreter, searchPath, paths, depth + 1) is { } missing
            ? $"agent program {file} starts with `#!` naming {interpreter}, which was not found ({missing}): install it or fix the program's first line"
            : null;
    }

    /// <summary>The program a `#!` line starts: the interpreter, or the one `env` looks up.</summary>
    private static string? Interpreter(string file)
    {
        string line;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var head = new byte[256];
            var read = stream.Read(head, 0, head.Length);
            if (read < 2 || head[0] != '#' || head[1] != '!')
            {
                return null;
            }

            line = System.Text.Encoding.UTF8.GetString(head, 2, read - 2).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        // `#!/usr/bin/env node` and `#!/usr/bin/env -S node --flag`: the first word that is no option.
        return Path.GetFileName(words[0]) == "env" ? words.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) ?? words[0] : words[0];
    }

    private static string RealPath(string file)
    {
        try
        {
            return File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? file;
        }
        catch (IOException)
        {
            return file;
        }
    }

    private static string? TopNodeModules(string path)
    {
        string? top = null;
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Path.GetFileName(dir) == "node_modules")
            {
                top = dir;
            }
        }

        return top;
    }
}
