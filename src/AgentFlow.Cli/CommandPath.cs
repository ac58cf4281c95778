using System.CommandLine;

namespace AgentFlow.Cli;

/// <summary>How a command is typed, from <c>agentflow</c> down (<c>agentflow audit verify</c>), for usage lines and errors.</summary>
internal static class CommandPath
{
    /// <summary>The names from the root command to <paramref name="command"/>.</summary>
    public static List<string> Of(Command command)
    {
        var names = new List<string>();
        for (Command? at = command; at is not null; at = at.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, at is RootCommand ? "agentflow" : at.Name);
        }

        return names;
    }
}
