using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using AgentFlow.Cli.Dev;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow dev smtp</c>: local stand-ins for external services, for trying workflows out.</summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 to listen on (0 picks a free one).", DefaultValueFactory = _ => 2525 };
        var smtp = new Command("smtp", "Run an SMTP sink on 127.0.0.1 that accepts every message and prints it, until Ctrl+C.") { port };
        smtp.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, () =>
            RunSmtpAsync(result.GetValue(port), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken)));
        return new Command("dev", "Development helpers: local stand-ins for external services.") { smtp };
    }

    private static async Task<int> RunSmtpAsync(int port, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await error.WriteLineAsync($"agentflow: --port {port} is not a port number (0-65535)").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("agentflow-dev")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => error.WriteLine(
            $"dev smtp sink listening on {e.LocalEndPoint}; send with AGENTFLOW__SMTP__HOST=127.0.0.1 AGENTFLOW__SMTP__PORT={(e.LocalEndPoint as IPEndPoint)?.Port} AGENTFLOW__SMTP__SECURITY=none; Ctrl+C stops it");
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new ConsoleMessageStore(output));
        var server = new SmtpServer.SmtpServer(options, services);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            await error.WriteLineAsync($"agentflow: port {port} on 127.0.0.1 is in use; pick another with --port").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await error.WriteLineAsync("dev smtp sink stopped").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
