using System.CommandLine;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Cli.Configuration;
using AgentFlow.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow serve [--urls URL] [--workflows DIR]</c>: the HTTP API with a worker in the same process (runs, timers,
/// approvals), until Ctrl+C or SIGTERM; then it finishes the work in flight before it exits, like <c>agentflow worker</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (';'-separated).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var workflows = new Option<string?>("--workflows") { Description = "The folder of workflows the API lists and starts by name (default: workflows, or server.workflows in agentflow.json)." };
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("serve", "Serve the HTTP API (and run a worker) until Ctrl+C or SIGTERM.") { urls, workflows, dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            var configuration = CliConfiguration.Build(result.GetValue(dataDir), result.GetValue(backend));
            var options = new ServerOptions
            {
                Urls = result.GetValue(urls)!,
                Logging = logging => CliLogging.Configure(logging, configuration, runEvents: true),
            };
            if (result.GetValue(workflows) is { } folder)
            {
                options.WorkflowsDirectory = folder;
            }

            foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(string.Empty))
            {
                var scheme = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8 : 0;
                if (scheme == 0 || url.Length == scheme || url[scheme] is '/' or ':')
                {
                    throw new Core.AgentFlowException($"--urls '{url}' is not an address to listen on; give http://HOST:PORT or https://HOST:PORT (e.g. http://127.0.0.1:5080; ';' separates several)");
                }
            }

            if (result.GetValue(workflows) is { } given && !Directory.Exists(given))
            {
                throw new Core.AgentFlowException($"--workflows '{given}' is not a folder; give the folder of workflow files the API may start (e.g. --workflows workflows)");
            }

            await using var app = AgentFlowServer.Build(options, configuration, services =>
            {
                services.AddSingleton<IHostLifetime, CommandLifetime>();
                services.Configure<TelemetryOptions>(CliServices.VerboseSpans);
            });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            await error.WriteLineAsync($"agentflow server listening on {string.Join(", ", bound)} (workflows: {Path.GetFullPath(options.WorkflowsDirectory)}); Ctrl+C stops it").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or Ctrl+C: stop taking requests, finish the work in flight, then exit.
                await error.WriteLineAsync("server stopping: finishing work in flight").ConfigureAwait(false);
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await error.WriteLineAsync("server stopped").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
