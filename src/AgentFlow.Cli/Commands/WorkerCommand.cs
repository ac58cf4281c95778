using System.CommandLine;
using AgentFlow.Engine.Backends;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow worker</c>: runs a worker until stopped, for timers, detached runs and scale-out.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("worker", "Run a worker until Ctrl+C or SIGTERM: it moves every run of the data dir (or Azure Storage task hub).") { dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, backend, runEvents: true);
            await using var session = await CliSession.OpenAsync(services, worker: true, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"worker running on {services.Options.Backend.Name()} ({services.Location}); Ctrl+C stops it").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or Ctrl+C: finish what is in flight, so no work item waits for a lease to expire elsewhere.
                await result.InvocationConfiguration.Error.WriteLineAsync("worker stopping: finishing work in flight").ConfigureAwait(false);
                await session.DrainAsync(CancellationToken.None).ConfigureAwait(false);
                await result.InvocationConfiguration.Error.WriteLineAsync("worker stopped").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
