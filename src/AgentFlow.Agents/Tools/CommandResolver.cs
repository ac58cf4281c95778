namespace AgentFlow.Agents.Tools;

/// <summary>
/// Finds the executable a command names, the way a shell would: a command with a directory part is a path (relative
/// to the current directory), a bare name is looked up on <c>PATH</c> (with <c>PATHEXT</c> on Windows).
/// </summary>
internal static class CommandResolver
{
    /// <summary>The full path of the executable <paramref name="command"/> names, or null when there is none.</summary>
    public static string? Resolve(string command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }

        if (IsPath(command))
        {
            return Candidates(Path.GetFullPath(command)).FirstOrDefault(IsExecutable);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(directory => Candidates(Path.Combine(directory, command)))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>Whether <paramref name="command"/> has a directory part (so it is a path, not a name to look up on PATH).</summary>
    public static bool IsPath(string command) =>
        command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || command.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    private static IEnumerable<string> Candidates(string file)
    {
        yield return file;
        if (!OperatingSystem.IsWindows() || Path.HasExtension(file))
        {
            yield break;
        }

        // Windows runs "npx" as npx.cmd or npx.exe: try each extension PATHEXT lists.
        var extensions = Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD";
        foreach (var extension in extensions.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return file + extension;
        }
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & AnyExecute) != 0;
    }
}
