using Microsoft.Extensions.AI.Evaluation;

namespace AgentFlow.Cli.Evaluation;

/// <summary>The criterion a <see cref="CriteriaEvaluator"/> grades against, passed as additional evaluation context.</summary>
internal sealed class CriteriaContext(string criteria) : EvaluationContext(ContextName, criteria)
{
    /// <summary>The context's name.</summary>
    public const string ContextName = "Criteria";

    /// <summary>The criterion, in words.</summary>
    public string Criteria { get; } = criteria;
}
