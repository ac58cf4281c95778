using System.Text.Json.Nodes;
using AgentFlow.Agents.Local;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Activities;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Runs <c>llm</c> nodes: the agent's <c>instructions</c> as system message, the rendered prompt as user message.
/// Output: <c>{ text, usage }</c>, or the object matching the node's <c>output</c> schema plus <c>usage</c>.
/// This build answers with the offline <c>local</c> provider; <c>openai</c> and <c>azure-openai</c> models are
/// refused before a run starts.
/// </summary>
public sealed class LlmNodeExecutor : INodeExecutor
{
    private readonly LocalLanguageModel _local = new();

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Llm;

    /// <inheritdoc />
    public IEnumerable<string> Check(WorkflowDefinition workflow, WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (node is LlmNode llm && ModelOf(workflow, llm) is { Provider: not "local" } model)
        {
            yield return $"model '{model.Name}' uses provider '{model.Provider}', which is not available in this build yet (only 'local' is); use \"provider\": \"local\" to run offline";
        }
    }

    /// <inheritdoc />
    public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (LlmNode)context.Node;
        var model = ModelOf(context.Workflow, node)
            ?? throw new NodeExecutionException($"node '{context.NodeId}': agent '{node.Agent}' has no model");
        if (model.Provider != "local")
        {
            throw new NodeExecutionException($"node '{context.NodeId}': provider '{model.Provider}' is not available in this build yet");
        }

        var completion = _local.Complete(
            new LocalCompletionRequest
            {
                Instructions = context.Workflow.Agents[node.Agent].Instructions,
                Prompt = context.Input["prompt"]?.GetValue<string>() ?? string.Empty,
                MaxTokens = node.MaxTokens,
                OutputSchema = node.Output,
            },
            cancellationToken);
        var usage = new JsonObject
        {
            ["promptTokens"] = completion.PromptTokens,
            ["completionTokens"] = completion.CompletionTokens,
            ["model"] = model.Name,
            ["provider"] = model.Provider,
        };
        JsonObject output = completion.Structured is JsonObject structured ? (JsonObject)structured.DeepClone() : new JsonObject { ["text"] = completion.Text };
        output["usage"] = usage;
        return Task.FromResult<JsonNode?>(output);
    }

    private static ModelDefinition? ModelOf(WorkflowDefinition workflow, LlmNode node) =>
        workflow.Agents.TryGetValue(node.Agent, out var agent) && workflow.Models.TryGetValue(agent.Model, out var model) ? model : null;
}
