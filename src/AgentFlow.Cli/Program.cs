using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using AgentFlow.Cli.Commands;
using AgentFlow.Core.Templates;

namespace AgentFlow.Cli;

/// <summary>Entry point of the <c>agentflow</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        // Commands that read workflows build the Liquid parser on another core while the command line and the
        // services are set up (it is a large part of their start-up); run also builds the JSON metadata of its
        // payloads and progress there, which its first orchestration step would otherwise build on the critical path.
        if (args is ["validate" or "run" or "graph" or "eval", ..])
        {
            var run = args[0] == "run";
            _ = Task.Run(() => WarmUp(run));
        }

        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log node-level detail (and AgentFlow's debug messages) on stderr, and one line per finished trace span.", Recursive = true };
        var root = new RootCommand("AgentFlow: declarative agent workflows run as durable orchestrations.")
        {
            verbose,
            ValidateCommand.Create(),
            GraphCommand.Create(),
            RunCommand.Create(),
            RunsCommand.Create(),
            ShowCommand.Create(),
            ReplayCommand.Create(),
            CostsCommand.Create(),
            CancelCommand.Create(),
            PurgeCommand.Create(),
            WorkerCommand.Create(),
            TriggersCommand.Create(),
            ServeCommand.Create(),
            ApprovalsCommand.Create(),
            DecideCommand.Create(approve: true),
            DecideCommand.Create(approve: false),
            AuditCommand.Create(),
            OperatorsCommand.Create(),
            EffectsCommand.Create(),
            IngestCommand.Create(),
            MemoryCommand.Create(),
            DevCommand.Create(),
            EvalCommand.Create(),
        };
        HelpLayout.Configure(root);

        // SIGTERM (systemd, Kubernetes, Container Apps) and Ctrl+C cancel the command's token: a followed run is left
        // resumable (exit 4, "interrupted") and a worker drains its work items before it exits.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            var parsed = root.Parse(args);
            CliLogging.Verbose = parsed.GetValue(verbose);
            if (parsed.Action is ParseErrorAction)
            {
                var usage = await UsageErrors.WriteAsync(parsed, Console.Error).ConfigureAwait(false);

                // agentflow eval keeps 1 for "a case failed", so its usage errors are 2 (docs/evaluation.md).
                return parsed.CommandResult.Command.Name == "eval" ? ExitCodes.Invalid : usage;
            }

            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("agentflow: interrupted").ConfigureAwait(false);
            return ExitCodes.NotFinished;
        }
    }

    private static void WarmUp(bool run)
    {
        try
        {
            TemplateSyntax.Prepare();
            _ = TimeZoneInfo.Local;
            if (run)
            {
                RunPayloads.Prepare();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a head start: whatever failed here fails again, and is reported, where the command uses it.
        }
    }
}
