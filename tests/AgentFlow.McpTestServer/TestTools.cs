using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentFlow.McpTestServer;

/// <summary>The tools the test server exposes, each covering one behaviour of the mcp tool kind.</summary>
internal static class TestTools
{
    /// <summary>All tools, ready for <see cref="McpServerOptions.ToolCollection"/>.</summary>
    public static McpServerPrimitiveCollection<McpServerTool> Create() =>
    [
        McpServerTool.Create(Add, new() { Name = "add", Description = "Adds two numbers: the sum as text and as structured content { sum }." }),
        McpServerTool.Create(Echo, new() { Name = "echo", Description = "Returns the text it is given." }),
        McpServerTool.Create(Fail, new() { Name = "fail", Description = "Returns an error result with the given message." }),
        McpServerTool.Create(SlowAsync, new() { Name = "slow", Description = "Waits ms milliseconds, then answers." }),
        McpServerTool.Create(Pid, new() { Name = "pid", Description = "The server's process id, to tell server processes apart." }),
    ];

    private static CallToolResult Add(double a, double b)
    {
        var sum = a + b;
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = sum.ToString(CultureInfo.InvariantCulture) }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["sum"] = sum }),
        };
    }

    private static string Echo(string text) => text;

    private static CallToolResult Fail(string message = "the test server was asked to fail") => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static async Task<string> SlowAsync(int ms, CancellationToken cancellationToken)
    {
        await Task.Delay(ms, cancellationToken).ConfigureAwait(false);
        return $"slept {ms} ms";
    }

    private static string Pid() => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
}
