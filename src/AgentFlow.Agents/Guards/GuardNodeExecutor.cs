using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Agents.Guards;

/// <summary>
/// Runs <c>guard</c> nodes: the node's checks over its rendered <c>text</c> (see <see cref="GuardRunner"/>), then the
/// optional <c>classifier</c> on the redacted text. Output: <c>{ text, flagged, blocked: false, findings,
/// approvedBy: null }</c>. What a finding's action means for the run (fail on <c>block</c>, pause for a human on
/// <c>approve</c>) is the orchestrator's part, decided from these findings, so that a pause is durable. With the
/// workflow's <c>guardrails.enabled: false</c> the text passes through unchecked.
/// </summary>
public sealed class GuardNodeExecutor : INodeExecutor, IDisposable
{
    private readonly LlmOptions _options;
    private readonly ChatModelFactory _models;

    /// <summary>Creates the executor; <paramref name="options"/> (default: <see cref="LlmOptions"/>' defaults) configure the classifier's model calls.</summary>
    public GuardNodeExecutor(LlmOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new LlmOptions();
        _models = new ChatModelFactory(_options, loggerFactory);
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Guard;

    /// <summary>Before a run: the classifier's model settings, and that every <c>schema</c> check's schema compiles.</summary>
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (node is not GuardNode guard)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var problems = new List<string>();
        if (guard.Classifier is { } classifier && workflow.Models.TryGetValue(classifier.Model, out var model))
        {
            problems.AddRange(ModelProviders.Problems(model, _options.GetEnvironmentVariable).Select(p => $"classifier: {p}"));
        }

        for (var i = 0; i < guard.Checks.Count; i++)
        {
            if (guard.Checks[i].Schema is { } schema && OutputSchema.TryFor(schema, out var problem) is null)
            {
                problems.Add($"checks[{i}].schema: not a usable JSON Schema ({problem})");
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (GuardNode)context.Node;
        var text = context.Input["text"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            null => string.Empty,
            var other => other.ToJsonString(),
        };
        if (!context.Workflow.Guardrails.Enabled)
        {
            return Output(text, []);
        }

        var result = GuardRunner.Run(text, node.Checks);
        var findings = result.Findings.ToList();
        if (node.Classifier is { } classifier)
        {
            var action = node.Checks.FirstOrDefault(c => c.Check == GuardCheckKind.Injection)?.Action ?? GuardAction.Flag;
            if (await ClassifyAsync(context, classifier, action, result.Text, cancellationToken).ConfigureAwait(false) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return Output(result.Text, findings);
    }

    /// <summary>Releases the classifier models' HTTP client.</summary>
    public void Dispose() => _models.Dispose();

    /// <summary><c>{ text, flagged, blocked: false, findings, approvedBy: null }</c>.</summary>
    internal static JsonObject Output(string text, IReadOnlyList<CheckFinding> findings) => new()
    {
        ["text"] = text,
        ["flagged"] = findings.Count > 0,
        ["blocked"] = false,
        ["findings"] = CheckFinding.ToJson(findings),
        ["approvedBy"] = null,
    };

    private async Task<CheckFinding?> ClassifyAsync(NodeExecutionContext context, GuardClassifier classifier, GuardAction action, string text, CancellationToken cancellationToken)
    {
        if (!context.Workflow.Models.TryGetValue(classifier.Model, out var definition))
        {
            throw new NodeExecutionException($"node '{context.NodeId}': the classifier's model '{classifier.Model}' is not declared under models");
        }

        ChatModel model;
        try
        {
            model = _models.Get(definition);
        }
        catch (ConfigurationException ex)
        {
            throw new NodeExecutionException($"node '{context.NodeId}': classifier: {ex.Message}", ex);
        }

        if (model.IsLocal)
        {
            throw new NodeExecutionException($"node '{context.NodeId}': the classifier's model '{classifier.Model}' is the offline local model, which cannot classify; name an openai or azure-openai model");
        }

        try
        {
            return await InjectionClassifier.ClassifyAsync(model, classifier, action, text, context.TraceParent, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeExecutionException ex)
        {
            throw new NodeExecutionException($"node '{context.NodeId}': {ex.Message}", ex);
        }
    }
}
