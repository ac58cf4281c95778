using System.CommandLine;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow cancel RUN [--reason TEXT]</c>: stops a run that has not finished.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var run = CommonOptions.RunId("The run to cancel (see agentflow runs --status running).");
        var reason = new Option<string>("--reason") { Description = "Why the run is cancelled (kept with the run as its error).", DefaultValueFactory = _ => "cancelled by operator" };
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("cancel", "Cancel a run that has not finished.") { run, reason, dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var id = result.GetValue(run)!;
            await using var services = CommonOptions.Services(result, dataDir, backend);
            await using var session = await CliSession.OpenAsync(services, worker: true, cancellationToken).ConfigureAwait(false);
            var info = await session.Client.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new Core.AgentFlowException($"no run '{id}' in {services.Location}; list runs with agentflow runs");
            if (info.IsFinished)
            {
                throw new Core.AgentFlowException($"run '{id}' already {info.Status.Name()}; there is nothing to cancel");
            }

            await session.Client.CancelAsync(id, result.GetValue(reason)!, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            while (!(await session.Client.GetAsync(id, deadline.Token).ConfigureAwait(false))!.IsFinished)
            {
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"run {id} cancelled").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
