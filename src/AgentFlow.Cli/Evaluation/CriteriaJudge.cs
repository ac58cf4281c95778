using System.Collections.Concurrent;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Grades <c>criteria</c> assertions with a model of the workflow's <c>models</c> (the same configuration, providers
/// and HTTP policy as its <c>llm</c> nodes, through <see cref="ChatModelFactory"/>), via <see cref="CriteriaEvaluator"/>.
/// </summary>
internal sealed class CriteriaJudge(WorkflowDefinition workflow, string? defaultModel, ChatModelFactory factory)
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);
    private readonly CriteriaEvaluator _evaluator = new();

    /// <summary>Whether <paramref name="value"/> meets <paramref name="criteria"/>, and the judge's reason.</summary>
    public async Task<(bool Met, string Reason)> GradeAsync(string criteria, string value, string? model, CancellationToken cancellationToken)
    {
        var name = model ?? defaultModel;
        if (name is null || !workflow.Models.TryGetValue(name, out var definition))
        {
            return (false, name is null ? "no judge model; pass --judge MODEL or give the assertion a model" : $"no model '{name}' in the workflow's models");
        }

        var client = _clients.GetOrAdd(name, _ => factory.Get(definition).Service.AsChatClient());
        var result = await _evaluator.EvaluateAsync(
            [new ChatMessage(ChatRole.User, "The workflow's output to grade.")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, value)),
            new ChatConfiguration(client),
            [new CriteriaContext(criteria)],
            cancellationToken).ConfigureAwait(false);
        var metric = result.Get<BooleanMetric>(CriteriaEvaluator.MetricName);
        return (metric.Value == true, $"{metric.Reason} (judge: {name})");
    }
}
