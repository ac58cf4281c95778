using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AgentFlow.Cli;

/// <summary>
/// Usage lines that match how a subcommand is called: System.CommandLine puts a parent's arguments into its
/// subcommands' help (<c>agentflow audit [&lt;run&gt;] verify</c>, with <c>&lt;run&gt;</c> listed), though
/// <c>audit verify</c> takes no run. Its layout is not public, so the help of such a subcommand is rewritten.
/// </summary>
internal sealed class HelpLayout(HelpAction standard) : SynchronousCommandLineAction
{
    /// <summary>Puts the rewriting help action on <paramref name="root"/>'s help option.</summary>
    public static void Configure(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } help)
        {
            help.Action = new HelpLayout(standard);
        }
    }

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var inherited = command.Parents.OfType<Command>().Where(p => p is not RootCommand).SelectMany(p => p.Arguments).Where(a => !a.Hidden).ToList();
        if (inherited.Count == 0)
        {
            return standard.Invoke(parseResult);
        }

        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var text = new StringWriter();
        configuration.Output = text;
        int code;
        try
        {
            code = standard.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        output.Write(Rewrite(text.ToString(), command, inherited));
        return code;
    }

    private static string Rewrite(string help, Command command, List<Argument> inherited)
    {
        var lines = help.Split('\n').ToList();
        var usage = lines.FindIndex(l => l.TrimEnd('\r') == "Usage:");
        if (usage >= 0 && usage + 1 < lines.Count)
        {
            var parts = CommandPath.Of(command);
            parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[<{a.Name}>]" : $"<{a.Name}>"));
            parts.Add("[options]");
            lines[usage + 1] = "  " + string.Join(' ', parts);
        }

        // Drop the inherited arguments' rows (and the section, when nothing of the command's own is left in it).
        lines.RemoveAll(l => inherited.Any(a => l.TrimStart().StartsWith($"<{a.Name}>", StringComparison.Ordinal)));
        var arguments = lines.FindIndex(l => l.TrimEnd('\r') == "Arguments:");
        if (arguments >= 0 && (arguments + 1 >= lines.Count || lines[arguments + 1].Trim().Length == 0))
        {
            lines.RemoveRange(arguments, Math.Min(2, lines.Count - arguments));
        }

        return string.Join('\n', lines);
    }
}
