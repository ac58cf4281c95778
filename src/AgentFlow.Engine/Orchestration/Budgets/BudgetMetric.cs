using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Orchestration.Budgets;

/// <summary>What a budget limits; serialized as the name the language uses (<c>tokens</c>, <c>modelCalls</c>, ...).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetMetric>))]
internal enum BudgetMetric
{
    /// <summary>Model tokens, input plus output.</summary>
    [JsonStringEnumMemberName("tokens")]
    Tokens,

    /// <summary>Cost of model and embedding calls, in the price table's currency.</summary>
    [JsonStringEnumMemberName("cost")]
    Cost,

    /// <summary>Model calls.</summary>
    [JsonStringEnumMemberName("modelCalls")]
    ModelCalls,

    /// <summary>Node executions.</summary>
    [JsonStringEnumMemberName("steps")]
    Steps,

    /// <summary>Time since the run started, by orchestration time.</summary>
    [JsonStringEnumMemberName("duration")]
    Duration,
}
