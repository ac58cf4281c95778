using AgentFlow.Abstractions.Execution;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// One MCP server process (a command line) and the client talking to it over stdio. The process is started on first
/// use, kept for later calls, and started again when it has exited; disposing the connection ends it.
/// </summary>
internal sealed class McpServerConnection(string command, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    // How long a failed call waits for the process to be seen exiting, so the message can say why it failed.
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);
    private const int StandardErrorLines = 10;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<string> _standardError = new();
    private McpClient? _client;
    private int _disposed;

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; } = arguments.Count == 0 ? command : $"{command} {string.Join(' ', arguments)}";

    /// <summary>A client whose server is running: the current one, or a new one when there is none or it exited.</summary>
    /// <param name="toolName">The declared tool that needs the server, for messages.</param>
    /// <param name="cancellationToken">Cancels waiting for and starting the server.</param>
    public async Task<McpClient> GetClientAsync(string toolName, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_client is { Completion.IsCompleted: false } running)
            {
                return running;
            }

            if (_client is { } exited)
            {
                _client = null;
                await exited.DisposeAsync().ConfigureAwait(false);
            }

            _client = await StartAsync(toolName, cancellationToken).ConfigureAwait(false);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Why a call on <paramref name="client"/> may have failed: " (the MCP server exited with code 1; its stderr ...)"
    /// when its process ended, otherwise empty. Waits briefly for the exit to be seen, so the next call does not reuse
    /// the dead client.
    /// </summary>
    public async Task<string> DescribeExitAsync(McpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var completion = client.Completion;
        if (await Task.WhenAny(completion, Task.Delay(ExitGrace)).ConfigureAwait(false) != completion)
        {
            return string.Empty;
        }

        var details = await completion.ConfigureAwait(false);
        var code = details is StdioClientCompletionDetails { ExitCode: { } exitCode } ? $" with code {exitCode}" : string.Empty;
        var tail = details is StdioClientCompletionDetails { StandardErrorTail: { Count: > 0 } lines } ? lines : StandardErrorTail();
        return $" (the MCP server exited{code}{Stderr(tail)}; the next call starts it again)";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Waits for a start in progress, so the process it is starting is ended too. The gate itself is not disposed:
        // callers still waiting on it must get ObjectDisposedException for the connection, not for the semaphore.
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is { } client)
            {
                _client = null;
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<McpClient> StartAsync(string toolName, CancellationToken cancellationToken)
    {
        if (CommandResolver.Resolve(command) is null)
        {
            throw new NodeExecutionException(
                $"mcp tool '{toolName}': cannot start the MCP server: command '{command}' not found (check that it is installed and on PATH, or give its full path)");
        }

        lock (_standardError)
        {
            _standardError.Clear();
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command,
            Arguments = [.. arguments],
            Name = $"agentflow-mcp-{Path.GetFileNameWithoutExtension(command)}",
            StandardErrorLines = KeepStandardError,
        });
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "AgentFlow", Version = typeof(McpServerConnection).Assembly.GetName().Version?.ToString() ?? "0.0.0" },
        };
        try
        {
            return await McpClient.CreateAsync(transport, options, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new NodeExecutionException(
                $"mcp tool '{toolName}': could not start the MCP server '{CommandLine}': {Reason(exception)}{Stderr(StandardErrorTail())}", exception);
        }
    }

    private void KeepStandardError(string line)
    {
        lock (_standardError)
        {
            if (_standardError.Count == StandardErrorLines)
            {
                _standardError.Dequeue();
            }

            _standardError.Enqueue(line);
        }
    }

    private List<string> StandardErrorTail()
    {
        lock (_standardError)
        {
            return [.. _standardError];
        }
    }

    private static string Stderr(IReadOnlyList<string> lines) =>
        lines.Count == 0 ? string.Empty : $"; its stderr ended with: {string.Join(" | ", lines.TakeLast(3))}";

    /// <summary>
    /// The first line of the innermost message: the SDK's outer exceptions only say "failed to connect", and its own
    /// messages may append the stderr tail, which the callers add once themselves.
    /// </summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception.Message.Split('\n', 2)[0].TrimEnd().TrimEnd('.');
    }
}
