using System.Text;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// One <c>tools.mcp.allowCommands</c> entry: an executable and the arguments a tool's <c>args</c> must start with
/// (<c>/usr/bin/node server.js</c>, <c>uvx mcp-server-fetch</c>, <c>"/opt/my tools/server" --stdio</c>).
/// </summary>
internal sealed record McpCommandRule(string Entry, string Executable, IReadOnlyList<string> ArgumentPrefix)
{
    /// <summary>Parses an entry; on failure <paramref name="error"/> says what is wrong and how to write it.</summary>
    public static bool TryParse(string entry, out McpCommandRule? rule, out string error)
    {
        rule = null;
        error = string.Empty;
        if (!TryTokenize(entry, out var tokens) || tokens.Count == 0)
        {
            error = $"is '{entry}'; write an executable and optionally the arguments it must start with, e.g. \"uvx mcp-server-fetch\" (double quotes around a path with spaces)";
            return false;
        }

        var executable = tokens[0];
        if (CommandResolver.IsPath(executable) && !Path.IsPathFullyQualified(executable))
        {
            error = $"is '{entry}'; '{executable}' is a relative path: use an absolute path or a program name looked up on PATH";
            return false;
        }

        rule = new McpCommandRule(entry, executable, tokens[1..]);
        return true;
    }

    /// <summary>
    /// True when <paramref name="command"/> is this rule's executable (both resolved to a file, compared by path and
    /// by the file a symbolic link leads to) and <paramref name="arguments"/> start with <see cref="ArgumentPrefix"/>.
    /// </summary>
    public bool Allows(string command, IReadOnlyList<string> arguments)
    {
        if (arguments.Count < ArgumentPrefix.Count || !ArgumentPrefix.Select((a, i) => a == arguments[i]).All(same => same))
        {
            return false;
        }

        var mine = CommandResolver.Resolve(Executable);
        var theirs = CommandResolver.Resolve(command);
        if (mine is null || theirs is null)
        {
            return false;
        }

        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(mine, theirs, comparison) || string.Equals(Target(mine), Target(theirs), comparison);
    }

    private static string Target(string file) => File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? file;

    private static bool TryTokenize(string entry, out List<string> tokens)
    {
        tokens = [];
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (var c in entry.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            tokens.Add(current.ToString());
        }

        return !quoted;
    }
}
