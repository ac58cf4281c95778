using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// A tool kind as a case runs it: a tool with a fixture returns it without being called; <c>email</c> always goes to
/// the case's outbox folder (never an SMTP server); <c>http</c> and <c>mcp</c> tools without a fixture are refused (an
/// eval never reaches the network), and the refusal is noted for the case's result. It sits under the ledger, so
/// medium- and high-risk calls are still recorded as effects.
/// </summary>
internal sealed class EvalToolKind(IToolKind inner, IReadOnlyDictionary<string, JsonNode?> fixtures, string caseId, ConcurrentQueue<string> refusals) : IToolKind
{
    /// <inheritdoc />
    public string Kind => inner.Kind;

    private bool Remote => inner.Kind is "http" or "mcp";

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool) => Remote ? [] : inner.Check(tool);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(ToolDefinition tool, CancellationToken cancellationToken = default) =>
        Remote ? Task.FromResult<IReadOnlyList<string>>([]) : inner.CheckAsync(tool, cancellationToken);

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        if (fixtures.TryGetValue(toolCall.Tool.Name, out var fixture))
        {
            return Task.FromResult(fixture?.DeepClone());
        }

        if (Remote)
        {
            var message = $"eval: tool '{toolCall.Tool.Name}' ({inner.Kind}) is not called during an eval; case '{caseId}' has no fixtures.tools.{toolCall.Tool.Name} result to return (node '{toolCall.Execution.NodeId}')";
            refusals.Enqueue(message);
            throw new NodeExecutionException(message);
        }

        return inner.InvokeAsync(toolCall, cancellationToken);
    }
}
