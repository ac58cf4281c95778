using System.CommandLine;
using AgentFlow.Cli.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow worker</c>: a Generic Host running the composed worker (<see cref="AgentFlowWorkerService"/>) until
/// stopped, for timers, detached runs and scale-out. Settings are checked when it starts; on SIGTERM or Ctrl+C it
/// finishes the work in flight, however long that takes, before it exits.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var workflows = new Option<string?>("--workflows") { Description = "Run the triggers (schedules, IMAP) of the workflow files in this folder (default: workflows, when it exists)." };
        var command = new Command("worker", "Run a worker until Ctrl+C or SIGTERM: it moves every run of the data dir (or Azure Storage task hub) and runs the triggers of the workflows folder.") { workflows, dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            var folder = result.GetValue(workflows);
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new Core.AgentFlowException($"--workflows '{folder}' is not a folder; give the folder of workflow files whose triggers this worker runs (e.g. --workflows workflows)");
            }

            folder ??= "workflows";
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            CliServices.Compose(builder.Services, CliConfiguration.Build(result.GetValue(dataDir), result.GetValue(backend)), runEvents: true).AddWorkerService();
            builder.Services.AddTriggers(o => o.WorkflowsDirectory = folder);
            builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
            using var host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var options = host.Services.GetRequiredService<IOptions<AgentFlowEngineOptions>>().Value;
            var location = options.Backend == BackendKind.Sqlite
                ? options.DataDirectory
                : $"task hub '{options.AzureStorage.TaskHubName}', worker id '{options.AzureStorage.EffectiveWorkerId}'";
            var triggers = host.Services.GetRequiredService<TriggerHost>();
            await error.WriteLineAsync(Directory.Exists(folder)
                ? $"worker running on {options.Backend.Name()} ({location}), triggers of {triggers.Folder}: {triggers.Registrations.Count} registered{(triggers.Problems.Count > 0 ? $", {triggers.Problems.Count} file(s) skipped (agentflow triggers list shows why)" : string.Empty)}; Ctrl+C stops it"
                : $"worker running on {options.Backend.Name()} ({location}); no workflows folder at {triggers.Folder}, so no triggers; Ctrl+C stops it").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or Ctrl+C: finish what is in flight, so no work item waits for a lease to expire elsewhere.
                await error.WriteLineAsync("worker stopping: finishing work in flight").ConfigureAwait(false);
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await error.WriteLineAsync("worker stopped").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
