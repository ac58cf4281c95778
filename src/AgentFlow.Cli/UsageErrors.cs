using System.CommandLine;

namespace AgentFlow.Cli;

/// <summary>
/// Command-line parse errors as one line on stderr, like every other error: the command, what is wrong, and where
/// help is. System.CommandLine's default prints the whole help to stdout and each error on its own line.
/// </summary>
internal static class UsageErrors
{
    /// <summary>Writes <paramref name="parsed"/>'s errors as one line; returns the usage exit code.</summary>
    public static async Task<int> WriteAsync(ParseResult parsed, TextWriter error)
    {
        var command = string.Join(' ', CommandPath.Of(parsed.CommandResult.Command));
        var messages = parsed.Errors.Select(e => OneLine(e.Message)).Distinct().ToList();
        if (messages.Count == 1 && messages[0].StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            messages[0] = "give a command";
        }

        if (messages.Count > 1)
        {
            // "Unrecognized command 'x'" already says it; "Required command was not provided" only repeats it.
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        await error.WriteLineAsync($"{command}: {string.Join("; ", messages)} (see {command} --help)").ConfigureAwait(false);
        return ExitCodes.UsageOrIo;
    }

    /// <summary>"Must be one of:" followed by one value per line becomes one line: <c>Must be one of: 'a', 'b'</c>.</summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines.Skip(1));
        return text.TrimEnd('.');
    }
}
