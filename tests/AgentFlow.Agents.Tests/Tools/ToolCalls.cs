using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Loading;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>Builds a <see cref="ToolCall"/> the way the engine does: from a parsed workflow declaring one tool and one tool node.</summary>
internal static class ToolCalls
{
    /// <summary>A call of the tool declared as <paramref name="tool"/> (named <c>tool</c>).</summary>
    public static ToolCall Create(JsonObject tool, JsonObject args, string runId = "run-1") => Create(tool.ToJsonString(), args, runId);

    /// <summary>A call of the tool declared as <paramref name="toolJson"/> (named <c>tool</c>) by node <c>call</c> of run <paramref name="runId"/>.</summary>
    public static ToolCall Create(string toolJson, JsonObject args, string runId = "run-1")
    {
        var json = $$"""
            { "name": "t", "tools": { "tool": {{toolJson}} }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "tool", "args": {} } } }
            """;
        var document = WorkflowLoader.Parse(json, "t.json");
        var workflow = document.Definition ?? throw new InvalidOperationException(string.Join("; ", document.Diagnostics));
        var context = new NodeExecutionContext
        {
            RunId = runId,
            NodeId = "call",
            Iteration = 1,
            Attempt = 1,
            Workflow = workflow,
            Node = workflow.Nodes["call"],
            Input = new JsonObject { ["args"] = args.DeepClone() },
        };
        return new ToolCall { Tool = workflow.Tools["tool"], Args = args, Execution = context };
    }
}
