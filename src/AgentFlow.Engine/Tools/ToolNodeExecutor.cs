using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Engine.Tools;

/// <summary>Runs <c>tool</c> nodes: finds the declared tool and calls it through its kind.</summary>
public sealed class ToolNodeExecutor : INodeExecutor
{
    private readonly Dictionary<string, IToolKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Creates the executor with the available tool kinds.</summary>
    public ToolNodeExecutor(IEnumerable<IToolKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var kind in kinds)
        {
            _kinds[kind.Kind] = kind;
        }
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Tool;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (node is not ToolNode { Tool: var name } || !workflow.Tools.TryGetValue(name, out var tool))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        return _kinds.TryGetValue(tool.Kind, out var kind)
            ? kind.CheckAsync(tool, cancellationToken)
            : Task.FromResult<IReadOnlyList<string>>([$"tool '{name}' has kind '{tool.Kind}', and '{tool.Kind}' tools are not available in this build yet (available: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))})"]);
    }

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (ToolNode)context.Node;
        var tool = context.Workflow.Tools[node.Tool];
        if (!_kinds.TryGetValue(tool.Kind, out var kind))
        {
            throw new NodeExecutionException($"'{tool.Kind}' tools are not available in this build yet");
        }

        var args = context.Input["args"] as JsonObject ?? [];
        if (context.Replay)
        {
            // The interpreter never schedules a tool in a replay fork; should one arrive anyway, it still acts on nothing.
            return new JsonObject { ["skipped"] = true, ["wouldCall"] = new JsonObject { ["tool"] = node.Tool, ["args"] = args.DeepClone() } };
        }

        using var span = StartSpan(context, node.Tool, tool.Risk);
        try
        {
            return await kind.InvokeAsync(new ToolCall { Tool = tool, Args = args, Execution = context }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>The <c>execute_tool</c> span (GenAI conventions) under the node visit's span; null when tracing is off.</summary>
    private static Activity? StartSpan(NodeExecutionContext context, string tool, ToolRisk risk)
    {
        if (!AgentFlowTelemetry.Source.HasListeners())
        {
            return null;
        }

        return AgentFlowTelemetry.Source.StartActivity(ActivityKind.Internal, context.TraceParent, name: $"execute_tool {tool}")?
            .SetTag(TelemetryTags.GenAiOperation, "execute_tool")
            .SetTag(TelemetryTags.GenAiToolName, tool)
            .SetTag(TelemetryTags.ToolRisk, risk.ToString().ToLowerInvariant())
            .SetTag(TelemetryTags.RunId, Runs.RunIds.Root(context.RunId))
            .SetTag(TelemetryTags.NodeId, context.NodeId);
    }
}
