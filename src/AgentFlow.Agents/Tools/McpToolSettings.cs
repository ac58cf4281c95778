using System.Text.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tools;

/// <summary>The fields of an <c>mcp</c> tool declaration: <c>command</c>, <c>args</c>, <c>tool</c>, <c>timeout</c>.</summary>
/// <param name="Command">The program that starts the MCP server on stdio.</param>
/// <param name="Arguments">The server's command-line arguments.</param>
/// <param name="ServerTool">The tool name on the server.</param>
/// <param name="Timeout">How long one call may take.</param>
internal sealed record McpToolSettings(string Command, IReadOnlyList<string> Arguments, string ServerTool, TimeSpan Timeout)
{
    /// <summary>The time limit of a call when the declaration has no <c>timeout</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The command line, for messages: <c>npx -y some-mcp-server</c>.</summary>
    public string CommandLine => Arguments.Count == 0 ? Command : $"{Command} {string.Join(' ', Arguments)}";

    /// <summary>Identifies the server process: calls with the same command and arguments share one.</summary>
    public string ServerKey => string.Join('\0', [Command, .. Arguments]);

    /// <summary>Reads the settings; the loader has already checked their types, so a bad value is only reported.</summary>
    public static McpToolSettings Read(ToolDefinition tool, out List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(tool);
        problems = [];
        var settings = tool.Settings;
        var command = String(settings, "command");
        if (string.IsNullOrWhiteSpace(command))
        {
            problems.Add($"tools.{tool.Name}.command is required (the program that starts the MCP server)");
        }

        var serverTool = String(settings, "tool");
        if (string.IsNullOrWhiteSpace(serverTool))
        {
            problems.Add($"tools.{tool.Name}.tool is required (the tool's name on the MCP server)");
        }

        List<string> arguments = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array
            ? [.. args.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText())]
            : [];

        var timeout = DefaultTimeout;
        var timeoutText = String(settings, "timeout");
        if (timeoutText is not null && !IsoDuration.TryParse(timeoutText, out timeout))
        {
            problems.Add($"tools.{tool.Name}.timeout: '{timeoutText}' is not a positive ISO-8601 duration such as PT30S");
            timeout = DefaultTimeout;
        }

        return new McpToolSettings(command ?? string.Empty, arguments, serverTool ?? string.Empty, timeout);
    }

    private static string? String(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
