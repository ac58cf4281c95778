using Microsoft.Extensions.Hosting;

namespace AgentFlow.Cli;

/// <summary>
/// The lifetime of a Generic Host run by a command: signals are the command's (Program.cs turns SIGTERM and Ctrl+C into
/// its cancellation token, which stops the host), so the host installs no handlers of its own.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
