using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>A tiny workflow declaring one <c>mcp</c> tool and a <c>tool</c> node that calls it.</summary>
internal static class McpWorkflow
{
    /// <summary>The test server next to the tests (a project reference copies it there).</summary>
    public static string TestServer { get; } = Path.Combine(AppContext.BaseDirectory, "AgentFlow.McpTestServer.dll");

    /// <summary>The declaration of tool <c>t</c>: <paramref name="serverTool"/> on the test server, started with dotnet.</summary>
    public static ToolDefinition Tool(string serverTool, string? timeout = null, string command = "dotnet") =>
        Definition(serverTool, timeout, command).Tools["t"];

    /// <summary>One call of tool <c>t</c> with <paramref name="args"/>.</summary>
    public static ToolCall Call(string serverTool, JsonObject? args = null, string? timeout = null, string command = "dotnet")
    {
        var definition = Definition(serverTool, timeout, command);
        var execution = new NodeExecutionContext
        {
            RunId = "run-1", NodeId = "call", Iteration = 1, Attempt = 1, Workflow = definition, Node = definition.Nodes["call"], Input = [],
        };
        return new ToolCall { Tool = definition.Tools["t"], Args = args ?? [], Execution = execution };
    }

    private static WorkflowDefinition Definition(string serverTool, string? timeout, string command)
    {
        var tool = new JsonObject
        {
            ["kind"] = "mcp",
            ["risk"] = "low",
            ["command"] = command,
            ["args"] = new JsonArray(TestServer),
            ["tool"] = serverTool,
        };
        if (timeout is not null)
        {
            tool["timeout"] = timeout;
        }

        var workflow = new JsonObject
        {
            ["name"] = "t",
            ["start"] = "call",
            ["tools"] = new JsonObject { ["t"] = tool },
            ["nodes"] = new JsonObject { ["call"] = new JsonObject { ["kind"] = "tool", ["tool"] = "t" } },
        };
        var result = WorkflowLoader.Parse(workflow.ToJsonString(), "t.json");
        return result.Definition!;
    }
}
