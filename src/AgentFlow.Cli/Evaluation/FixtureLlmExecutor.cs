using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// The <c>llm</c> executor of a case: a node with a model fixture answers with it (an object answer is the output, a
/// string is <c>{ text }</c>, any other value <c>{ value }</c>, as the real executor shapes answers) without a model
/// call; every other node calls its model.
/// </summary>
internal sealed class FixtureLlmExecutor(INodeExecutor inner, IReadOnlyDictionary<string, JsonNode?> fixtures) : INodeExecutor
{
    /// <inheritdoc />
    public NodeKind Kind => inner.Kind;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default) =>
        inner.CheckAsync(workflow, node, workflowFile, cancellationToken);

    /// <inheritdoc />
    public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var match = fixtures.Where(f => NodeIds.Matches(f.Key, context.NodeId)).Select(f => (Found: true, f.Value)).FirstOrDefault();
        if (!match.Found)
        {
            return inner.ExecuteAsync(context, cancellationToken);
        }

        JsonNode output = match.Value switch
        {
            JsonObject answer => answer.DeepClone(),
            JsonValue text when text.TryGetValue<string>(out var s) => new JsonObject { ["text"] = s },
            var other => new JsonObject { ["value"] = other?.DeepClone() },
        };
        var agent = (context.Node as LlmNode)?.Agent;
        output["usage"] = new JsonObject { ["promptTokens"] = 0, ["completionTokens"] = 0, ["calls"] = 0, ["model"] = "fixture", ["agent"] = agent };
        return Task.FromResult<JsonNode?>(output);
    }
}
