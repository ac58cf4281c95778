using System.CommandLine;
using AgentFlow.Cli.Commands;

namespace AgentFlow.Cli;

/// <summary>Entry point of the <c>agentflow</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("AgentFlow: declarative agent workflows run as durable orchestrations.")
        {
            ValidateCommand.Create(),
            GraphCommand.Create(),
            RunCommand.Create(),
            RunsCommand.Create(),
            ShowCommand.Create(),
            CancelCommand.Create(),
            WorkerCommand.Create(),
            ApprovalsCommand.Create(),
            DecideCommand.Create(approve: true),
            DecideCommand.Create(approve: false),
            AuditCommand.Create(),
            OperatorsCommand.Create(),
            EffectsCommand.Create(),
            IngestCommand.Create(),
            MemoryCommand.Create(),
            DevCommand.Create(),
        };

        try
        {
            return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("agentflow: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
