using System.Text.RegularExpressions;

namespace AgentFlow.Cli;

/// <summary>
/// A value as it must be typed in a POSIX shell, for the commands AgentFlow prints to be copied: a map item's node
/// path (<c>each[3].ok</c>) is a glob pattern to bash and an error to zsh unless it is quoted.
/// </summary>
internal static partial class ShellWord
{
    /// <summary><paramref name="value"/> unchanged when it has only characters no shell treats specially, else single-quoted.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && Plain().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_.@%+=:,/-]+$")]
    private static partial Regex Plain();
}
