using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// The <c>mcp</c> tool kind: calls tool <c>tool</c> of a Model Context Protocol server started as <c>command</c> +
/// <c>args</c> on stdio, with the node's rendered args as the tool's arguments. The result is
/// <c>{ content, text, structured, isError }</c>: the server's content blocks, their text parts joined by newlines,
/// its structured content (or null), and false (a result the server marks as an error fails the node instead).
/// </summary>
/// <remarks>
/// One server process per distinct command line is kept running and shared by every call (and every tool declared
/// with that command line); it is started again when it has exited, and ended when the kind is disposed. The
/// declaration's <c>timeout</c> (default 30 s) limits each call; starting a server is bounded by the SDK's
/// initialization timeout and by the node's own <c>timeout</c>. The host's <see cref="ToolPolicyOptions.McpAllowCommands"/>
/// (and strict mode) decide which command lines may start at all, before a run starts and again before each start.
/// </remarks>
public sealed class McpToolKind : IToolKind, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpServerConnection> _servers = new(StringComparer.Ordinal);
    private readonly ToolPolicy _policy;
    private volatile bool _disposed;

    /// <summary>Creates the kind under the host's ceilings (<see cref="ToolPolicyOptions.McpAllowCommands"/>; none when null).</summary>
    /// <exception cref="Abstractions.Configuration.ConfigurationException">An allowCommands entry is malformed.</exception>
    public McpToolKind(ToolPolicyOptions? policy = null) => _policy = ToolPolicy.From(policy);

    /// <inheritdoc />
    public string Kind => "mcp";

    /// <summary>
    /// Checks the declaration and that <c>command</c> names an executable (a path that exists, or a program on
    /// <c>PATH</c>). The server is not started here: that can take seconds (e.g. <c>npx</c> downloading it).
    /// </summary>
    public IEnumerable<string> Check(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var settings = McpToolSettings.Read(tool, out var problems);
        if (problems.Count == 0 && CommandResolver.Resolve(settings.Command) is null)
        {
            var where = CommandResolver.IsPath(settings.Command) ? $"(no executable file at {Path.GetFullPath(settings.Command)})" : "on PATH";
            problems.Add($"tools.{tool.Name}.command: '{settings.Command}' not found {where}");
        }
        else if (problems.Count == 0 && _policy.McpRefusal(tool.Name, settings.Command, settings.Arguments, settings.CommandLine) is { } refusal)
        {
            problems.Add(refusal);
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var name = toolCall.Tool.Name;
        var settings = McpToolSettings.Read(toolCall.Tool, out var problems);
        if (problems.Count > 0)
        {
            throw new NodeExecutionException($"mcp tool '{name}': {string.Join("; ", problems)}");
        }

        if (_policy.McpRefusal(name, settings.Command, settings.Arguments, settings.CommandLine) is { } refusal)
        {
            throw new NodeExecutionException(refusal + "; it was not started");
        }

        var server = _servers.GetOrAdd(settings.ServerKey, _ => new McpServerConnection(settings.Command, settings.Arguments));
        if (_disposed)
        {
            // Disposed while this call was getting its connection: make sure no process outlives the kind.
            await server.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(McpToolKind));
        }

        var result = await CallAsync(server, settings, toolCall, cancellationToken).ConfigureAwait(false);
        var text = string.Join('\n', result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        if (result.IsError == true)
        {
            throw new NodeExecutionException(
                $"mcp tool '{name}': '{settings.ServerTool}' on the MCP server '{server.CommandLine}' reported an error: {(text.Length > 0 ? text : "(no message)")}");
        }

        var contentType = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ContentBlock));
        return new JsonObject
        {
            ["content"] = new JsonArray([.. result.Content.Select(block => JsonSerializer.SerializeToNode(block, contentType))]),
            ["text"] = text,
            ["structured"] = result.StructuredContent is { } structured ? JsonNode.Parse(structured.GetRawText()) : null,
            ["isError"] = false,
        };
    }

    /// <summary>Ends every MCP server process this kind started.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var key in _servers.Keys)
        {
            if (_servers.TryRemove(key, out var server))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<CallToolResult> CallAsync(McpServerConnection server, McpToolSettings settings, ToolCall toolCall, CancellationToken cancellationToken)
    {
        var name = toolCall.Tool.Name;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        McpClient? client = null;
        try
        {
            // The timeout is for answering, not for starting the server (npx may download it first).
            client = await server.GetClientAsync(name, cancellationToken).ConfigureAwait(false);
            timeout.CancelAfter(settings.Timeout);
            var request = new CallToolRequestParams { Name = settings.ServerTool, Arguments = Arguments(toolCall.Args) };
            return await client.CallToolAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NodeExecutionException(
                $"mcp tool '{name}': '{settings.ServerTool}' on the MCP server '{server.CommandLine}' did not answer within {IsoDuration.Format(settings.Timeout)} (the tool's timeout)");
        }
        catch (McpProtocolException exception)
        {
            throw new NodeExecutionException(
                $"mcp tool '{name}': the MCP server '{server.CommandLine}' refused '{settings.ServerTool}': {exception.Message}", exception);
        }
        catch (Exception exception) when (client is not null && exception is not OperationCanceledException and not NodeExecutionException)
        {
            // The process died or the pipe broke. The call is not repeated here (the server may have acted on it
            // before dying); the node's retry policy decides, and its next attempt gets a new server.
            var exit = await server.DescribeExitAsync(client).ConfigureAwait(false);
            throw new NodeExecutionException(
                $"mcp tool '{name}': calling '{settings.ServerTool}' on the MCP server '{server.CommandLine}' failed: {McpServerConnection.Reason(exception)}{exit}", exception);
        }
    }

    private static Dictionary<string, JsonElement> Arguments(JsonObject args)
    {
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in args)
        {
            using var document = JsonDocument.Parse(value?.ToJsonString() ?? "null");
            arguments[key] = document.RootElement.Clone();
        }

        return arguments;
    }
}
